// The diagnostic as a professional reads it: entries grouped by dimension, in the order the domain
// gives (strengths first), each with the person's own words and, when it came from a workshop,
// where from. Referent professionals get a small form under each entry to change it.
import type { InputConstraints } from "~/lib/forms";
import { DIAGNOSTIC_DIMENSIONS } from "../../workshops/schema";
import { t } from "~/i18n";
import { readProvenance, sessionKindLabel } from "~/diagnostic/provenance";
import { entryKindLabel, formatDay } from "./pro-format";
import { ProEditEntry, type EditableEntry } from "./pro-edit-entry";

export interface ShownEntry extends EditableEntry {
  dimension: string;
  kind: string;
  personWords: string;
  who: string | null;
  dueDate: Date | string | null;
  provenance: unknown;
}

export function ProvenanceLine({ provenance }: { provenance: unknown }) {
  const parsed = readProvenance(provenance);
  if (!parsed) return null;
  const { sessionTitle, sessionDate, structure } = parsed;
  return (
    <p className="pro-provenance">
      {t("pro.provenance", { title: sessionTitle, kind: sessionKindLabel(parsed), date: formatDay(sessionDate), structure })}
    </p>
  );
}

interface Props {
  entries: ShownEntry[];
  /** Action statuses when the viewer may change entries (referent structure); null: read only. */
  statuses: readonly string[] | null;
  errorFor: (entryId: string) => Partial<Record<string, string>> | undefined;
  /** The edited text's constraints, from the action's schema (through the loader). */
  textField?: InputConstraints;
}

export function ProEntryList({ entries, statuses, errorFor, textField }: Props) {
  const groups = DIAGNOSTIC_DIMENSIONS.map((dimension) => ({
    dimension,
    entries: entries.filter((entry) => entry.dimension === dimension && entry.kind !== "action"),
  })).filter((group) => group.entries.length > 0);
  if (groups.length === 0) return <p>{t("pro.entries.empty")}</p>;
  return (
    <>
      {groups.map((group) => (
        <section key={group.dimension} aria-labelledby={`dimension-${group.dimension}`} className="pro-dimension">
          <h3 id={`dimension-${group.dimension}`}>{t(`dimension.${group.dimension}`)}</h3>
          <ul className="pro-entries">
            {group.entries.map((entry) => (
              <li key={entry.id} className={`pro-entry pro-entry-${entry.kind}`} data-testid="pro-entry">
                <p className="pro-entry-kind">{entryKindLabel(entry.kind)}</p>
                <p className="pro-entry-text">{entry.text}</p>
                {entry.personWords ? <p>{t("pro.personWords", { words: entry.personWords })}</p> : null}
                <ProvenanceLine provenance={entry.provenance} />
                {statuses ? (
                  <ProEditEntry entry={entry} statuses={statuses} errors={errorFor(entry.id)} label={entry.text} textField={textField} />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
