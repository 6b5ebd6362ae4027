/** Structs per slice (slice-update.mjs). */
export const SLICE_STRUCTS: number;
/** The slices of a whole-board update, to apply in order (slice-update.mjs). */
export function sliceUpdate(update: Uint8Array, structsPerSlice?: number): Uint8Array[];
