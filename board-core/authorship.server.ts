import { createHash } from "node:crypto";

/**
 * The key under which a person's records are listed in a board's authorship ledger (the `authors`
 * map, docs/decisions/009), derived from who the server authenticated (`personKey`, e.g.
 * `participant:<id>`), so it cannot be chosen, and opaque and stable for one person on one board,
 * so the board's clients learn nothing of the person's ids. Computed by the board server when it records who wrote what,
 * and by the closing view when it matches cards to participants.
 */
export function authorKeyOf(boardId: string, personKey: string): string {
  return createHash("sha256").update(`${boardId}\n${personKey}`).digest("base64url").slice(0, 22);
}
