// The short notices (issue 15.8): what is kept, who sees it, for how long, how to erase it, told in
// short plain sentences (FALC: one idea a sentence, everyday words) from the retention policy, so that
// a period changed there, or chosen by a structure, changes what people read. Pure: the pages get the
// lines from their loaders, and the unit tests call it directly.
import { GRANT_MAX_DAYS } from "../diagnostic/grant-limits.js";
import { SHARE_LINK_MAX_DAYS } from "../documents/share-limits.js";
import { t } from "../i18n/index.js";
import { RETENTION_KINDS, RETENTION_POLICY, type RetentionKind } from "./retention.js";

/** The days that apply to each kind, for one structure (effectiveRetention) or by default. */
export type NoticePeriods = Record<RetentionKind, number>;

export const DEFAULT_PERIODS: NoticePeriods = Object.fromEntries(
  RETENTION_KINDS.map((kind) => [kind, RETENTION_POLICY[kind].defaultDays]),
) as NoticePeriods;

/** A period as people say it: "1 an", "2 ans", "3 mois", "2 semaines", "45 jours". */
export function durationLabel(days: number): string {
  if (days >= 365 && days % 365 === 0) return days === 365 ? t("notice.duration.year") : t("notice.duration.years", { count: days / 365 });
  if (days >= 30 && days % 30 === 0) return t("notice.duration.months", { count: days / 30 });
  if (days >= 7 && days % 7 === 0) return days === 7 ? t("notice.duration.week") : t("notice.duration.weeks", { count: days / 7 });
  return days === 1 ? t("notice.duration.day") : t("notice.duration.days", { count: days });
}

const during = (periods: NoticePeriods, kind: RetentionKind) => ({ duration: durationLabel(periods[kind]) });

/** The join page's lines on time and erasure, after its lines on what is kept and who sees it. */
export function joinNoticeLines(periods: NoticePeriods): string[] {
  return [t("notice.join.cards", during(periods, "board")), t("notice.join.name", during(periods, "participant")), t("notice.join.erase")];
}

/** The public registration page's notice: a name and a way to reach the person. */
export function registrationNoticeLines(periods: NoticePeriods): string[] {
  return [
    t("notice.registration.kept"),
    t("notice.registration.who"),
    t("notice.registration.why"),
    t("notice.registration.time", during(periods, "registration")),
    t("notice.registration.erase"),
  ];
}

/** The personal space's notice: the diagnostic, documents, grants, the journal, erasing it all. */
export function personalSpaceNoticeLines(periods: NoticePeriods): string[] {
  return [
    t("notice.space.kept"),
    t("notice.space.time", during(periods, "person")),
    t("notice.space.documents", during(periods, "document")),
    t("notice.space.who", { duration: durationLabel(GRANT_MAX_DAYS) }),
    t("notice.space.shares", { duration: durationLabel(GRANT_MAX_DAYS), link: durationLabel(SHARE_LINK_MAX_DAYS) }),
    t("notice.space.journal", during(periods, "audit")),
    t("notice.space.erase"),
  ];
}

/** One row of the full page's table: what, how long from when, then what happens, and the bounds a structure chooses within. */
export function retentionRows(periods: NoticePeriods = DEFAULT_PERIODS) {
  return RETENTION_KINDS.map((kind) => {
    const rule = RETENTION_POLICY[kind];
    return {
      kind,
      what: t(`privacy.kind.${kind}`),
      how: t("notice.table.period", { duration: durationLabel(periods[kind]), from: t(`privacy.from.${rule.from}`) }),
      then: t(rule.action === "delete" ? "notice.table.delete" : "notice.table.anonymise"),
      bounds: t("notice.table.bounds", { min: durationLabel(rule.minDays), max: durationLabel(rule.maxDays) }),
    };
  });
}
