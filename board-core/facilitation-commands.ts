// The commands a client may send on the facilitation channel (docs/decisions/003), as the server
// parses them. A .server module: the browsers only encode commands, and zod (~450 KB) stays out of
// the phone screen's and the board's scripts (issue 13; test/client-bundle.test.ts).
import { z } from "zod";
import { CARD_TEXT_MAX } from "./facilitation-protocol";

const shapeId = z.string().regex(/^shape:[A-Za-z0-9._:-]{1,120}$/);
/** Facilitator commands carry an optional reference that the server echoes in its answer. */
const ref = z.string().max(40).optional();

export const facilitationCommandSchema = z.discriminatedUnion("type", [
  // Anyone
  z.object({ type: z.literal("clock"), sentAt: z.number().finite() }),
  z.object({
    type: z.literal("post"),
    ref,
    text: z.string().trim().min(1).max(CARD_TEXT_MAX),
    zoneId: shapeId.optional(),
    /** What the sender saw: a card is refused rather than posted under another rule than they expected. */
    anonymous: z.boolean().optional(),
  }),
  z.object({ type: z.literal("vote"), ref, cardId: shapeId, change: z.union([z.literal(1), z.literal(-1)]) }),
  z.object({
    type: z.literal("private-card"),
    ref,
    id: shapeId,
    text: z.string().max(CARD_TEXT_MAX),
    x: z.number().finite().optional(),
    y: z.number().finite().optional(),
  }),
  z.object({ type: z.literal("private-card-remove"), ref, id: shapeId }),
  // One's own card on the board (issue 15.4): the server decides whose it is, from its own ledger.
  z.object({ type: z.literal("card-edit"), ref, id: shapeId, text: z.string().trim().min(1).max(CARD_TEXT_MAX) }),
  z.object({ type: z.literal("card-withdraw"), ref, id: shapeId }),
  // The facilitator only
  z.object({ type: z.literal("phase"), ref, phaseId: z.string().max(64) }),
  z.object({
    type: z.literal("timer"),
    ref,
    action: z.enum(["start", "pause", "add-minute", "reset"]),
    minutes: z.number().int().min(1).max(240).optional(),
  }),
  z.object({ type: z.literal("follow"), ref, userId: z.string().min(1).max(128).nullable() }),
  z.object({ type: z.literal("summon"), ref, userId: z.string().min(1).max(128) }),
  z.object({ type: z.literal("vote-open"), ref, zoneId: shapeId, votesPerPerson: z.number().int().min(1).max(10) }),
  z.object({ type: z.literal("vote-close"), ref }),
  z.object({ type: z.literal("private-start"), ref, zoneId: shapeId, anonymous: z.boolean() }),
  z.object({ type: z.literal("private-reveal"), ref }),
  z.object({ type: z.literal("locks"), ref, frames: z.boolean(), board: z.boolean() }),
  z.object({ type: z.literal("sorting"), ref, open: z.boolean() }),
  z.object({ type: z.literal("repair"), ref }),
  z.object({ type: z.literal("anonymous"), ref, phaseId: z.string().max(64), anonymous: z.boolean() }),
  // Opens or closes the end-of-session questions (issue 16.1); the answers themselves go over HTTP.
  z.object({ type: z.literal("feedback"), ref, open: z.boolean() }),
]);
export type FacilitationCommand = z.infer<typeof facilitationCommandSchema>;
