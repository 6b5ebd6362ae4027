// `t()` for the participant's pages (the join pages, the waiting room, the phone screen) and what they
// import, root's layout included: the same `t()` as `~/i18n`, over the part of the catalogue those
// pages use (fr-participant.ts), so that a phone does not download every sentence of the product
// (issue 13, docs/decisions/011). A key missing here is a type error; test/client-bundle.test.ts fails
// if the rest of the catalogue reaches those pages' scripts again.
import { fill } from "./fill";
import { frParticipant } from "./fr-participant";

export type ParticipantMessageKey = keyof typeof frParticipant;

/** Looks a sentence up in the participant's part of the catalogue and fills its {placeholders}. */
export function t(key: ParticipantMessageKey, values: Record<string, string | number> = {}): string {
  return fill(frParticipant[key], values);
}

/** Whether a string (say, a key the server sent) is in the participant's part of the catalogue. */
export function isParticipantMessageKey(value: string): value is ParticipantMessageKey {
  return Object.hasOwn(frParticipant, value);
}
