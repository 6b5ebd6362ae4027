import { t } from "~/i18n";

/** "1 vote", "3 votes": how a card's votes read on the page and in the downloads. */
export function votesLabel(votes: number): string {
  return votes === 1 ? t("report.votes.one") : t("report.votes.many", { count: votes });
}
