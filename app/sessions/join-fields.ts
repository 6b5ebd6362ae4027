// Lengths of the join form's fields, shared by its schema (sessions.schema.ts) and its inputs
// (join-form.tsx): plain numbers, so the participant's page does not load the validation library.

/** A participant's first name or nickname, as others see it on the board. */
export const JOIN_NAME_MAX = 40;
/** A join code as typed: six characters, with room for a space or a dash people add. */
export const JOIN_CODE_TYPED_MAX = 9;
