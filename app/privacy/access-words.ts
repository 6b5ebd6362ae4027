// Reads told in plain words, for the structure's admins (who read what) and for the person's journal
// (who read what about her). Pure: the pages call it in the browser too.
import { formatDay, t, type MessageKey } from "../i18n/index.js";

type What =
  | "person.page"
  | "person.history"
  | "person.document"
  | "session.report"
  | "session.participants"
  | "session.registrations"
  | "session.closing"
  | "session.report.pdf"
  | "session.report.md"
  | "session.cards.csv"
  | "session.attendance.csv";

const WHAT: Record<What, MessageKey> = {
  "person.page": "access.what.person.page",
  "person.history": "access.what.person.history",
  "person.document": "access.what.person.document",
  "session.report": "access.what.session.report",
  "session.participants": "access.what.session.participants",
  "session.registrations": "access.what.session.registrations",
  "session.closing": "access.what.session.closing",
  "session.report.pdf": "access.what.session.report.pdf",
  "session.report.md": "access.what.session.report.md",
  "session.cards.csv": "access.what.session.cards.csv",
  "session.attendance.csv": "access.what.session.attendance.csv",
};

function isWhat(value: string): value is What {
  return Object.hasOwn(WHAT, value);
}

/** "the attendance list of the session « Atelier CV » of 12 March 2027", or the person's diagnostic. */
export function readObject(what: string, subject: { person?: string | null; title?: string; startsAt?: Date | string | null }): string {
  const session = subject.title
    ? t("access.session", { title: subject.title, date: subject.startsAt ? formatDay(subject.startsAt) : "" })
    : t("access.session.deleted");
  return t(isWhat(what) ? WHAT[what] : "access.what.other", { person: subject.person || t("access.person.erased"), session });
}

/** One line of the structure's access page: "Claire Martin a téléchargé la liste de présence de la séance « … » du 12 mars 2027." */
export function accessLine(entry: {
  who: string;
  what: string;
  person: string | null;
  session: { title: string; startsAt: Date | string | null } | null;
}): string {
  return t("access.line", {
    who: entry.who || t("access.who.unknown"),
    what: readObject(entry.what, { person: entry.person, title: entry.session?.title, startsAt: entry.session?.startsAt }),
  });
}
