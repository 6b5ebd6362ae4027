import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { t, type MessageKey } from "~/i18n";

export const meta: MetaFunction = () => [{ title: `${t("privacy.title")} · ${t("app.name")}` }];

// The full text behind the join page's short notice: what is kept, how long, who sees it. Short
// sentences, one idea each, everyday words (FALC), grouped under the questions people ask.
const PARTS: { title: MessageKey; lines: MessageKey[] }[] = [
  { title: "privacy.kept.title", lines: ["privacy.kept.name", "privacy.kept.cards", "privacy.kept.cookie", "privacy.kept.not"] },
  { title: "privacy.time.title", lines: ["privacy.time.cookie", "privacy.time.board", "privacy.time.remove"] },
  { title: "privacy.who.title", lines: ["privacy.who.group", "privacy.who.pros", "privacy.who.report"] },
  { title: "privacy.file.title", lines: ["privacy.file.text"] },
];

export default function WhatWeKeep() {
  return (
    <div className="page narrow">
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.intro")}</p>
      {PARTS.map((part) => (
        <section key={part.title} aria-labelledby={part.title}>
          <h2 id={part.title}>{t(part.title)}</h2>
          <ul>
            {part.lines.map((line) => (
              <li key={line}>{t(line)}</li>
            ))}
          </ul>
        </section>
      ))}
      <p>
        <Link to="/join">{t("privacy.back")}</Link>
      </p>
    </div>
  );
}
