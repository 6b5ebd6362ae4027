import { Form } from "@remix-run/react";
import { useState } from "react";
import { ErrorSummary, TextField } from "~/ui/form";
import { formatDateTime, formatDay, t, type MessageKey } from "~/i18n";
import { SHARE_LINK_DAYS } from "./share-limits";

export interface DocumentShareLine {
  id: string;
  expiresAt: Date | string;
  /** Null: a link for anyone. */
  structure: string | null;
  opens: number;
}

const DAYS_LABEL = { 1: "documents.share.days.1", 7: "documents.share.days.7", 30: "documents.share.days.30" } as const;

export type ShareFormErrors = Partial<Record<"structureId" | "until" | "days", MessageKey>>;

/**
 * Under one of her documents: who can see it now (each revocable at once), then the two ways to
 * show it: to a structure that accompanies her until a day, or by a link for a set duration.
 */
export function PersonDocumentShares(props: {
  document: { id: string; title: string };
  shares: DocumentShareLine[];
  structures: { id: string; name: string }[];
  today: string;
  lastDay: string;
  /** The form she just sent for this document, when it had errors. */
  failed: { values: { structureId?: string; until?: string; days?: string }; errors: ShareFormErrors } | null;
  busy: boolean;
}) {
  const { document, shares, structures, today, lastDay, failed, busy } = props;
  const errors = failed?.errors ?? {};
  const values = failed?.values ?? {};
  const id = (name: string) => `${name}-${document.id}`;
  return (
    <div className="stack">
      {shares.length > 0 ? (
        <section aria-labelledby={id("shares")}>
          <h4 id={id("shares")}>{t("documents.share.active")}</h4>
          <ul className="person-list" data-testid={`shares-${document.id}`}>
            {shares.map((share) => (
              <li key={share.id}>
                <p>
                  {share.structure
                    ? t("documents.share.toStructure", { structure: share.structure, date: formatDay(share.expiresAt) })
                    : t("documents.share.toLink", { date: formatDateTime(share.expiresAt) })}{" "}
                  {t("documents.share.opened", { count: share.opens })}
                </p>
                <Form method="post">
                  <input type="hidden" name="intent" value="revokeShare" />
                  <input type="hidden" name="shareId" value={share.id} />
                  <button type="submit" className="button secondary" disabled={busy}>
                    {t("documents.share.revoke")}
                    <span className="visually-hidden">
                      {" "}
                      — {document.title}, {share.structure ?? t("documents.share.link.title")}
                    </span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <details open={failed !== null}>
        <summary>
          {t("documents.share.title")}
          <span className="visually-hidden"> — {document.title}</span>
        </summary>
        <div className="stack">
          <h4>{t("documents.share.structure.title")}</h4>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="shareStructure" />
            <input type="hidden" name="documentId" value={document.id} />
            <ErrorSummary show={Boolean(errors.structureId || errors.until)} />
            <div className="field">
              <label htmlFor={id("structure")}>{t("documents.share.field.structure")}</label>
              <p className="hint" id={id("structure-hint")}>
                {t("documents.share.structure.hint")}
              </p>
              {errors.structureId ? (
                <p className="error" id={id("structure-error")}>
                  {t(errors.structureId)}
                </p>
              ) : null}
              <select
                id={id("structure")}
                name="structureId"
                aria-describedby={described(id("structure"), errors.structureId)}
                aria-invalid={errors.structureId ? true : undefined}
                defaultValue={values.structureId ?? (structures.length === 1 ? structures[0]!.id : "")}
              >
                <option value="">{t("documents.share.field.structure.choose")}</option>
                {structures.map((structure) => (
                  <option key={structure.id} value={structure.id}>
                    {structure.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={id("until")}>{t("documents.share.field.until")}</label>
              <p className="hint" id={id("until-hint")}>
                {`${t("documents.share.field.until.hint")} ${t("grant.until.max", { date: formatDay(`${lastDay}T12:00:00Z`) })}`}
              </p>
              {errors.until ? (
                <p className="error" id={id("until-error")}>
                  {t(errors.until)}
                </p>
              ) : null}
              <input
                type="date"
                id={id("until")}
                name="until"
                aria-describedby={described(id("until"), errors.until)}
                aria-invalid={errors.until ? true : undefined}
                defaultValue={values.until}
                min={today}
                max={lastDay}
                required
              />
            </div>
            <button type="submit" className="button" disabled={busy}>
              {t("documents.share.structure.submit")}
              <span className="visually-hidden"> — {document.title}</span>
            </button>
          </Form>
          <h4>{t("documents.share.link.title")}</h4>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="shareLink" />
            <input type="hidden" name="documentId" value={document.id} />
            <ErrorSummary show={Boolean(errors.days)} />
            <fieldset className="field person-choice" aria-describedby={errors.days ? id("days-error") : id("days-hint")}>
              <legend>{t("documents.share.field.days")}</legend>
              <p className="hint" id={id("days-hint")}>
                {t("documents.share.link.hint")}
              </p>
              {errors.days ? (
                <p className="error" id={id("days-error")}>
                  {t(errors.days)}
                </p>
              ) : null}
              {SHARE_LINK_DAYS.map((days) => (
                <div className="checkbox" key={days}>
                  <input
                    type="radio"
                    id={id(`days-${days}`)}
                    name="days"
                    value={days}
                    defaultChecked={values.days ? values.days === String(days) : days === 7}
                  />
                  <label htmlFor={id(`days-${days}`)}>{t(DAYS_LABEL[days])}</label>
                </div>
              ))}
            </fieldset>
            <button type="submit" className="button" disabled={busy}>
              {t("documents.share.link.submit")}
              <span className="visually-hidden"> — {document.title}</span>
            </button>
          </Form>
        </div>
      </details>
    </div>
  );
}

/** A field's hint, and its error when it has one. */
function described(fieldId: string, error: MessageKey | undefined): string {
  return error ? `${fieldId}-hint ${fieldId}-error` : `${fieldId}-hint`;
}

/** The new link, shown once: to copy now, it is not kept anywhere to be shown again. */
export function NewShareLink(props: { url: string; title: string; expiresAt: Date | string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="notice ok stack" data-testid="new-share-link">
      <p>{t("documents.share.link.done", { title: props.title })}</p>
      <TextField
        name="link"
        label={t("documents.share.link.field")}
        value={props.url}
        readOnly
        onFocus={(event) => event.target.select()}
      />
      <p>{t("documents.share.link.until", { date: formatDateTime(props.expiresAt) })}</p>
      <button
        type="button"
        className="button secondary"
        onClick={() => {
          void navigator.clipboard?.writeText(props.url).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {t("documents.share.link.copy")}
      </button>
      <p role="status">{copied ? t("documents.share.link.copied") : ""}</p>
    </div>
  );
}
