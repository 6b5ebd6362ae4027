/**
 * The retention policy: for each kind of data the product keeps, how long (in days, counted from a
 * named moment), and what happens after (deleted, or anonymised so that counts survive without a
 * name). One table, read by the scheduled purge (purge.server.ts), by the structure's administration
 * page (overrides within bounds) and by the notices shown to people (join page, registration page,
 * personal space, /confidentialite). The defaults are argued in docs/decisions/014.
 *
 * Pure data and arithmetic: no database, no clock of its own (callers pass `now`), safe in the browser.
 */

export const RETENTION_KINDS = [
  "board",
  "participant",
  "registration",
  "outbox",
  "appointment",
  "invitation",
  "contactCard",
  "personAccess",
  "diagnosticVersion",
  "document",
  "person",
  "audit",
  "sessionArchive",
  "purgeRun",
] as const;

export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** What the purge does to a row whose time is up. */
export type RetentionAction = "delete" | "anonymise";

/** The moment the period counts from, named so that notices can say it plainly. */
export type RetentionStart =
  | "sessionEnd" // the session's closing, or its start date when it was never closed
  | "sent" // when the message left (or was created, when it never left)
  | "expiry" // when the code, link or sign-in session stopped working
  | "created"
  | "accompanimentEnd" // the person's end of accompaniment (set by the referent, or on erasure)
  | "appointment"; // the appointment's time

export interface RetentionRule {
  kind: RetentionKind;
  /** What a structure gets unless it chose otherwise. */
  defaultDays: number;
  /** A structure may choose any whole number of days within these bounds. */
  minDays: number;
  maxDays: number;
  action: RetentionAction;
  from: RetentionStart;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const RETENTION_POLICY: Readonly<Record<RetentionKind, RetentionRule>> = {
  // A board holds cards that can name health obstacles or a family situation: kept long enough to
  // write the report and carry outcomes into diagnostics, then the board, its log and snapshots go.
  board: { kind: "board", defaultDays: 90, minDays: 7, maxDays: 365, action: "delete", from: "sessionEnd" },
  // Seats: first names and join tokens. Anonymised so that attendance counts stay right.
  participant: { kind: "participant", defaultDays: 90, minDays: 7, maxDays: 365, action: "anonymise", from: "sessionEnd" },
  // Registrations carry a phone number or an e-mail: anonymised, status and attendance kept for counts.
  registration: { kind: "registration", defaultDays: 180, minDays: 30, maxDays: 365, action: "anonymise", from: "sessionEnd" },
  outbox: { kind: "outbox", defaultDays: 30, minDays: 7, maxDays: 180, action: "delete", from: "sent" },
  // Appointments carry a first name and a phone or e-mail: once the time is long past, they go; the
  // status (honoured, missed…) and the time stay for the structure's counts (issue 17.2).
  appointment: { kind: "appointment", defaultDays: 180, minDays: 30, maxDays: 365, action: "anonymise", from: "appointment" },
  invitation: { kind: "invitation", defaultDays: 30, minDays: 7, maxDays: 180, action: "delete", from: "expiry" },
  // A contact card in a practice-exchange series: a professional's work details, shared on purpose.
  contactCard: { kind: "contactCard", defaultDays: 730, minDays: 90, maxDays: 1095, action: "delete", from: "created" },
  // Sign-in codes and personal-space sessions: useless once expired.
  personAccess: { kind: "personAccess", defaultDays: 7, minDays: 1, maxDays: 30, action: "delete", from: "expiry" },
  // Before/after content of every change of a diagnostic.
  diagnosticVersion: { kind: "diagnosticVersion", defaultDays: 365, minDays: 90, maxDays: 730, action: "delete", from: "created" },
  document: { kind: "document", defaultDays: 365, minDays: 30, maxDays: 730, action: "delete", from: "accompanimentEnd" },
  // The référentiel's pattern: active while the accompaniment lasts, then a limited time after it.
  person: { kind: "person", defaultDays: 730, minDays: 30, maxDays: 730, action: "delete", from: "accompanimentEnd" },
  // Access traces: the CNIL recommends six months to a year for logs.
  audit: { kind: "audit", defaultDays: 365, minDays: 180, maxDays: 365, action: "delete", from: "created" },
  // Anonymous reports of deleted sessions: no personal data, kept for the structure's own figures.
  sessionArchive: { kind: "sessionArchive", defaultDays: 1825, minDays: 365, maxDays: 3650, action: "delete", from: "created" },
  purgeRun: { kind: "purgeRun", defaultDays: 365, minDays: 90, maxDays: 730, action: "delete", from: "created" },
};

export function isRetentionKind(value: string): value is RetentionKind {
  return (RETENTION_KINDS as readonly string[]).includes(value);
}

/** A structure's chosen periods (kind → days), as stored; anything out of bounds or unknown is ignored. */
export type RetentionOverrides = Partial<Record<RetentionKind, number>>;

/** The days that apply to one kind for a structure: its own choice when within bounds, else the default. */
export function retentionDays(kind: RetentionKind, overrides: RetentionOverrides = {}): number {
  const rule = RETENTION_POLICY[kind];
  const chosen = overrides[kind];
  return chosen !== undefined && Number.isInteger(chosen) && chosen >= rule.minDays && chosen <= rule.maxDays ? chosen : rule.defaultDays;
}

/** Rows whose period started before this moment are due: `now` minus the period. */
export function dueBefore(kind: RetentionKind, now: Date, overrides: RetentionOverrides = {}): Date {
  return new Date(now.getTime() - retentionDays(kind, overrides) * DAY_MS);
}

/** Whether a chosen number of days may be stored for a kind. */
export function withinBounds(kind: RetentionKind, days: number): boolean {
  const rule = RETENTION_POLICY[kind];
  return Number.isInteger(days) && days >= rule.minDays && days <= rule.maxDays;
}
