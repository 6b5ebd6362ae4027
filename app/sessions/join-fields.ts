// Lengths of the join form's fields, shared by its schema (sessions.schema.ts) and its inputs
// (join-form.tsx): plain numbers, so the participant's page does not load the validation library.
// Also the errors its action may send back for a field, as keys of the participant's catalogue.
import type { ParticipantMessageKey } from "~/i18n/participant";

/** A participant's first name or nickname, as others see it on the board. */
export const JOIN_NAME_MAX = 40;
/** A join code as typed: six characters, with room for a space or a dash people add. */
export const JOIN_CODE_TYPED_MAX = 9;

/** What the join action says about one field: its schema's messages, a code that opens nothing, or anything else. */
export const JOIN_FIELD_ERRORS = [
  "join.error.code",
  "join.error.name",
  "join.error.unknown",
  "form.error.invalid",
] as const satisfies readonly ParticipantMessageKey[];
export type JoinFieldError = (typeof JOIN_FIELD_ERRORS)[number];
