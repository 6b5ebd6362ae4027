/** `head` as varuints, then `payload` with its length, and where the payload starts (framed.mjs). */
export function framedAt(head: readonly number[], payload: Uint8Array): { frame: Uint8Array; at: number };
