import { useFetcher } from "@remix-run/react";
import { t } from "~/i18n";
import { Picto, type PictoName } from "~/ui/pictograms";
import { DIAGNOSTIC_DIMENSIONS } from "../../workshops/schema";
import { dimensionLabel, formatDay, labelOf, type ProvenanceLine } from "./person-format";
import { ENTRY_TEXT_MAX } from "./field-lengths";

export interface PersonEntry {
  id: string;
  dimension: string;
  kind: string;
  text: string;
  personWords: string;
  who: string | null;
  dueDate: Date | string | null;
  status: string | null;
  from: ProvenanceLine | null;
}

const KIND_PICTO: Record<string, PictoName> = {
  strength: "strength",
  need: "need",
  obstacle: "obstacle",
  action: "nextStep",
  note: "notebook",
};

/** The diagnostic by dimension, in the usual order; within each, strengths come first (as read). */
export function PersonEntries({ entries }: { entries: PersonEntry[] }) {
  if (entries.length === 0) return <p>{t("espace.entries.empty")}</p>;
  const dimensions = DIAGNOSTIC_DIMENSIONS.filter((dimension) => entries.some((entry) => entry.dimension === dimension));
  return (
    <>
      {dimensions.map((dimension) => (
        <section key={dimension} aria-labelledby={`dimension-${dimension}`}>
          <h3 id={`dimension-${dimension}`}>{dimensionLabel(dimension)}</h3>
          <ul className="person-entries">
            {entries
              .filter((entry) => entry.dimension === dimension)
              .map((entry) => (
                <li key={entry.id} className="card">
                  <EntryCard entry={entry} />
                </li>
              ))}
          </ul>
        </section>
      ))}
    </>
  );
}

function EntryCard({ entry }: { entry: PersonEntry }) {
  return (
    <>
      <p className="person-entry-kind">
        <Picto name={KIND_PICTO[entry.kind] ?? "notebook"} /> {labelOf("espace.entry.kind.", entry.kind)}
      </p>
      <p className="person-entry-text">{entry.text}</p>
      {entry.who ? <p>{t("espace.entry.who", { who: entry.who })}</p> : null}
      {entry.dueDate ? <p>{t("espace.entry.due", { date: formatDay(entry.dueDate) })}</p> : null}
      {entry.status ? <p>{t("espace.entry.status", { status: labelOf("espace.entry.status.", entry.status) })}</p> : null}
      {entry.from ? (
        <p className="muted">
          {t("espace.entry.provenance", {
            title: entry.from.title,
            kind: entry.from.kind,
            date: formatDay(entry.from.date),
            structure: entry.from.structure,
          })}
        </p>
      ) : null}
      <WordsForm entry={entry} />
    </>
  );
}

/** The person's own words beside the entry: saved without leaving the page. */
function WordsForm({ entry }: { entry: PersonEntry }) {
  const fetcher = useFetcher<{ saved?: string; wordsError?: string }>();
  const id = `words-${entry.id}`;
  const error = fetcher.data?.wordsError === entry.id;
  const saved = fetcher.state === "idle" && fetcher.data?.saved === entry.id;
  return (
    <>
      {entry.personWords ? <p className="person-words">{t("espace.entry.myWords", { words: entry.personWords })}</p> : null}
      <details open={error || undefined}>
        <summary>{t("espace.entry.addWords")}</summary>
        <fetcher.Form method="post" className="stack">
          <input type="hidden" name="intent" value="words" />
          <input type="hidden" name="entryId" value={entry.id} />
          <div className="field">
            <label htmlFor={id}>{t("espace.entry.words.label")}</label>
            {error ? (
              <p className="error" id={`${id}-error`}>
                {t("espace.entry.words.error")}
              </p>
            ) : null}
            <textarea
              id={id}
              name="personWords"
              defaultValue={entry.personWords}
              maxLength={ENTRY_TEXT_MAX}
              aria-invalid={error || undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
          </div>
          <button type="submit" className="button secondary" disabled={fetcher.state !== "idle"}>
            {t("espace.entry.words.save")}
          </button>
        </fetcher.Form>
      </details>
      <p role="status" className="person-status">
        {saved ? t("espace.entry.words.saved") : ""}
      </p>
    </>
  );
}
