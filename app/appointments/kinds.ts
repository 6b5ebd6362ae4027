// What appointments are made of, shared by the server and the pages (a `.server` module's exports
// are empty in the browser).
export const SLOT_MODES = ["place", "phone", "video"] as const;
export type SlotMode = (typeof SLOT_MODES)[number];
export const SLOT_PURPOSES = ["diagnostic", "follow_up"] as const;
export type SlotPurpose = (typeof SLOT_PURPOSES)[number];
export const MARKS = ["honoured", "missed", "excused"] as const;
export type Mark = (typeof MARKS)[number];

/** How long a link a professional sends stays valid. */
export const INVITE_VALID_DAYS = 14;
/** At most this many slots in one publication (a day cut into short slots). */
export const MAX_SLOTS_AT_ONCE = 20;
