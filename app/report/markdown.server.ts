// The report as Markdown, for a wiki, an e-mail or a shared document.
import { t } from "../i18n/index.js";
import type { SessionReport } from "./gather.server.js";
import { reportOutline } from "./outline.server.js";

export function reportMarkdown(report: SessionReport, decisions = ""): string {
  const lines: string[] = [];
  for (const block of reportOutline(report, decisions)) {
    switch (block.kind) {
      case "title":
        lines.push(`# ${escapeMarkdown(block.text)}`, "");
        break;
      case "heading":
        lines.push(`## ${escapeMarkdown(block.text)}`, "");
        break;
      case "subheading":
        lines.push(`### ${escapeMarkdown(block.text)}`, "");
        break;
      case "paragraph":
        lines.push(escapeMarkdown(block.text), "");
        break;
      case "list":
        lines.push(...block.items.map((item) => `- ${escapeMarkdown(item)}`), "");
        break;
      case "board":
        lines.push(`## ${escapeMarkdown(block.title)}`, "", `_${t("report.board.inMarkdown")}_`, "");
        break;
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** Text written on the board stays text: no heading, link or HTML can come out of a card. */
function escapeMarkdown(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/([\\`*_[\]<>#|])/g, "\\$1");
}
