// Lengths of the diagnostic's text fields, shared by the schemas that check them and by the inputs of
// the personal space: plain numbers, so those pages do not load the validation library.

/** A diagnostic entry's text, and the person's own words about it. */
export const ENTRY_TEXT_MAX = 2000;
/** The title the person gives a document. */
export const DOCUMENT_TITLE_MAX = 120;
