import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { t, type MessageKey } from "~/i18n";
import { DEFAULT_PERIODS, joinNoticeLines, personalSpaceNoticeLines, registrationNoticeLines, retentionRows } from "~/privacy/notice";

export const meta: MetaFunction = () => [{ title: `${t("notice.page.title")} · ${t("app.name")}` }];

/**
 * The full privacy page behind every short notice (join page, registration page, personal space):
 * the same sentences, the whole retention policy with its default periods and the bounds a structure
 * chooses within, and people's rights. Short sentences, one idea each, everyday words (FALC).
 */
export function loader() {
  return {
    join: joinNoticeLines(DEFAULT_PERIODS),
    registration: registrationNoticeLines(DEFAULT_PERIODS),
    space: personalSpaceNoticeLines(DEFAULT_PERIODS),
    rows: retentionRows(DEFAULT_PERIODS),
  };
}

// Joining a workshop: what is kept and who sees it do not depend on a period.
const JOIN_PARTS: { title: MessageKey; lines: MessageKey[] }[] = [
  { title: "privacy.kept.title", lines: ["privacy.kept.name", "privacy.kept.cards", "privacy.kept.cookie", "privacy.kept.not"] },
  { title: "privacy.who.title", lines: ["privacy.who.group", "privacy.who.pros", "privacy.who.report"] },
  { title: "privacy.file.title", lines: ["privacy.file.text"] },
];

const RIGHTS: MessageKey[] = ["notice.rights.see", "notice.rights.erase", "notice.rights.traces", "notice.rights.cnil"];

function Lines({ lines }: { lines: string[] }) {
  return (
    <ul>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

export default function Privacy() {
  const { join, registration, space, rows } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <h1>{t("notice.page.title")}</h1>
      <p>{t("notice.page.intro")}</p>

      <section aria-labelledby="atelier">
        <h2 id="atelier">{t("notice.page.join")}</h2>
        <p>{t("privacy.intro")}</p>
        {JOIN_PARTS.map((part) => (
          <section key={part.title} aria-labelledby={part.title}>
            <h3 id={part.title}>{t(part.title)}</h3>
            <Lines lines={part.lines.map((line) => t(line))} />
          </section>
        ))}
        <section aria-labelledby="atelier-duree">
          <h3 id="atelier-duree">{t("privacy.time.title")}</h3>
          <Lines lines={[t("privacy.time.cookie"), ...join]} />
        </section>
      </section>

      <section aria-labelledby="inscription">
        <h2 id="inscription">{t("notice.page.registration")}</h2>
        <Lines lines={registration} />
      </section>

      <section aria-labelledby="espace">
        <h2 id="espace">{t("notice.page.space")}</h2>
        <Lines lines={space} />
      </section>

      <section aria-labelledby="durees">
        <h2 id="durees">{t("notice.page.periods")}</h2>
        <p>{t("notice.page.periods.intro")}</p>
        <ul className="person-list" data-testid="retention-periods">
          {rows.map((row) => (
            <li key={row.kind} className="card">
              <h3>{row.what}</h3>
              <p>
                {row.how} {row.then}
              </p>
              <p className="muted">{row.bounds}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="droits">
        <h2 id="droits">{t("notice.page.rights")}</h2>
        <Lines lines={RIGHTS.map((line) => t(line))} />
      </section>

      <p>
        <Link to="/join">{t("privacy.back")}</Link>
      </p>
    </div>
  );
}
