// The action plan as a table: what, who, by when, where it stands. Referent professionals can
// change an action's text and status under the table, one small form per action.
import type { InputConstraints } from "~/lib/forms";
import { t } from "~/i18n";
import type { ShownEntry } from "./pro-entry-list";
import { ProvenanceLine } from "./pro-entry-list";
import { ProEditEntry } from "./pro-edit-entry";
import { formatDay, statusLabel } from "./pro-format";

interface Props {
  actions: ShownEntry[];
  statuses: readonly string[] | null;
  errorFor: (entryId: string) => Partial<Record<string, string>> | undefined;
  /** The edited text's constraints, from the action's schema (through the loader). */
  textField?: InputConstraints;
}

export function ProActionPlan({ actions, statuses, errorFor, textField }: Props) {
  if (actions.length === 0) return <p>{t("pro.plan.empty")}</p>;
  return (
    <>
      {/* Scrolls sideways on a phone; focusable so that keyboard users can scroll it too. */}
      <div className="pro-table-wrap" role="region" aria-label={t("pro.plan.title")} tabIndex={0}>
        <table className="pro-table">
          <caption className="visually-hidden">{t("pro.plan.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("pro.plan.action")}</th>
              <th scope="col">{t("pro.plan.who")}</th>
              <th scope="col">{t("pro.plan.due")}</th>
              <th scope="col">{t("pro.plan.status")}</th>
            </tr>
          </thead>
          <tbody>
            {actions.map((action) => (
              <tr key={action.id} data-testid="pro-action">
                <td>
                  {action.text}
                  {action.personWords ? <p>{t("pro.personWords", { words: action.personWords })}</p> : null}
                  <ProvenanceLine provenance={action.provenance} />
                </td>
                <td>{action.who ?? ""}</td>
                <td>{action.dueDate ? formatDay(action.dueDate) : ""}</td>
                <td>{statusLabel(action.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {statuses ? (
        <ul className="pro-entries">
          {actions.map((action) => (
            <li key={action.id}>
              <ProEditEntry entry={action} statuses={statuses} errors={errorFor(action.id)} label={action.text} textField={textField} />
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
