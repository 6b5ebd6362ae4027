// The report as a list of blocks, written once in French and rendered by markdown.server.ts and
// pdf.server.ts alike, so the two downloads always say the same thing.
import { formatDateTime, formatDay, t } from "../i18n/index.js";
import { votesLabel } from "./votes.js";
import type { ReportCard, SessionReport } from "./gather.server.js";
import { participationLines } from "../registrations/counts.js";
import { feedbackLines } from "../feedback/summary-lines.js";

export type ReportBlock =
  | { kind: "title"; text: string }
  | { kind: "heading"; text: string }
  | { kind: "subheading"; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "board"; title: string };

export function cardLine(card: ReportCard): string {
  const text = card.text.replace(/\s+/g, " ").trim();
  return card.votes > 0 ? `${text} (${votesLabel(card.votes)})` : text;
}

/** `decisions`: what the facilitator typed on the report page, not stored anywhere. */
export function reportOutline(report: SessionReport, decisions = "", now = new Date()): ReportBlock[] {
  const { session, attendance } = report;
  const blocks: ReportBlock[] = [
    { kind: "title", text: t("report.document.title", { title: session.title }) },
    {
      kind: "list",
      items: [
        t("report.meta.when", { date: formatDateTime(session.startsAt) }),
        session.online ? t("report.meta.online") : t("report.meta.where", { place: session.place ?? "" }),
        t("report.meta.structure", { structure: session.structure }),
      ],
    },
    { kind: "paragraph", text: t("report.unsigned") },
    { kind: "heading", text: t("report.agenda.title") },
    { kind: "list", items: report.phases.map((phase) => t("report.agenda.phase", { title: phase.title, minutes: phase.minutes })) },
    {
      kind: "paragraph",
      text: report.endedOnPhase ? t("report.agenda.endedOn", { phase: report.endedOnPhase }) : t("report.agenda.notRun"),
    },
    { kind: "heading", text: t("report.zones.title") },
  ];
  if (report.openVoteZone) blocks.push({ kind: "paragraph", text: t("report.openVote", { zone: report.openVoteZone }) });
  for (const zone of report.zones) {
    blocks.push({ kind: "subheading", text: t("report.zones.zone", { zone: zone.label, phase: zone.phaseTitle }) });
    blocks.push(
      zone.cards.length > 0 ? { kind: "list", items: zone.cards.map(cardLine) } : { kind: "paragraph", text: t("report.zones.empty") },
    );
  }
  blocks.push({ kind: "heading", text: t("report.nextSteps.title") });
  blocks.push(
    report.nextSteps.length > 0
      ? { kind: "list", items: report.nextSteps.map((card) => `${card.zone} : ${cardLine(card)}`) }
      : { kind: "paragraph", text: t("report.nextSteps.empty") },
  );
  if (decisions.trim()) {
    blocks.push({ kind: "subheading", text: t("report.decisions.heading") });
    for (const paragraph of decisions.trim().split(/\n\s*\n/)) blocks.push({ kind: "paragraph", text: paragraph.trim() });
  }
  blocks.push({ kind: "heading", text: t("report.feedback.title") });
  const feedback = feedbackLines(report.feedback ?? null, report.session.closedAt === null);
  for (const paragraph of feedback.paragraphs) blocks.push({ kind: "paragraph", text: paragraph });
  if (feedback.questions.length > 0) blocks.push({ kind: "list", items: feedback.questions });
  if (feedback.words.length > 0) {
    blocks.push({ kind: "subheading", text: t("report.feedback.words") }, { kind: "list", items: feedback.words });
  }
  blocks.push(
    { kind: "heading", text: t("report.attendance.title") },
    {
      kind: "list",
      items: participationLines(attendance),
    },
    { kind: "heading", text: t("report.contacts.title") },
  );
  blocks.push(
    report.contacts.length > 0
      ? {
          kind: "list",
          items: report.contacts.map((contact) =>
            t("report.contacts.line", { name: contact.name, role: contact.role, structure: contact.structure, helpWith: contact.helpWith }),
          ),
        }
      : { kind: "paragraph", text: t("report.contacts.empty") },
  );
  blocks.push({ kind: "paragraph", text: t("report.generatedOn", { date: formatDay(now) }) });
  blocks.push({ kind: "board", title: t("report.board.title") });
  return blocks;
}
