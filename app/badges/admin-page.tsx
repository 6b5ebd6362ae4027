import { Form, Link } from "@remix-run/react";
import { formatDay, t, type MessageKey } from "~/i18n";
import type { FieldErrors, FormConstraints, FormValues } from "~/lib/forms";
import { TextAreaField, TextField } from "~/ui/form";

interface CatalogueBadge {
  id: string;
  name: string;
  description: string;
  criteria: string;
  archivedAt: Date | string | null;
  awarded: number;
}

/** The structure's badges: each with what earns it, to edit, archive (or delete if never awarded) or restore. */
export function BadgeCatalogue({ catalogue, structureId, busy }: { catalogue: CatalogueBadge[]; structureId: string; busy: boolean }) {
  return (
    <section aria-labelledby="catalogue-title">
      <h2 id="catalogue-title">{t("badges.admin.catalogue")}</h2>
      <ul className="stack">
        {catalogue.map((badge) => (
          <li key={badge.id} className="card" data-testid="catalogue-badge">
            <h3>
              {badge.name} {badge.archivedAt ? <span className="muted">({t("badges.admin.archived")})</span> : null}
            </h3>
            <p>{badge.description}</p>
            <p className="muted">{t("badges.admin.criteriaIs", { criteria: badge.criteria })}</p>
            <p className="muted">{t("badges.admin.awarded", { count: badge.awarded })}</p>
            <div className="actions">
              <Link to={`/structures/${structureId}/badges?modifier=${badge.id}`}>
                {t("badges.admin.editLink")}
                <span className="visually-hidden"> {badge.name}</span>
              </Link>
              <Form method="post">
                <input type="hidden" name="badgeClassId" value={badge.id} />
                <button
                  type="submit"
                  name="intent"
                  value={badge.archivedAt ? "restore" : "retire"}
                  className="button secondary"
                  disabled={busy}
                >
                  {badge.archivedAt ? t("badges.admin.restore") : badge.awarded > 0 ? t("badges.admin.archive") : t("badges.admin.delete")}
                  <span className="visually-hidden"> {badge.name}</span>
                </button>
              </Form>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Adding a badge, or editing one: its name, what it says, what earns it. */
export function BadgeClassForm({
  title,
  intent,
  badge,
  fields,
  answer,
  busy,
  cancel,
}: {
  title: string;
  intent: "add" | "edit";
  badge?: { id: string; name: string; description: string; criteria: string };
  fields: FormConstraints<"name" | "description" | "criteria">;
  answer?: { errors: FieldErrors; values: FormValues };
  busy: boolean;
  cancel?: string;
}) {
  const values = answer?.values ?? badge ?? {};
  const value = (name: "name" | "description" | "criteria") => (values as Record<string, string | undefined>)[name] ?? "";
  return (
    <section aria-labelledby={`${intent}-title`} className="card">
      <h2 id={`${intent}-title`}>{title}</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value={intent} />
        {badge ? <input type="hidden" name="badgeClassId" value={badge.id} /> : null}
        <TextField {...fields.name} label={t("badges.admin.name")} defaultValue={value("name")} error={answer?.errors.name} />
        <TextAreaField
          {...fields.description}
          label={t("badges.admin.description")}
          rows={3}
          defaultValue={value("description")}
          error={answer?.errors.description}
        />
        <TextAreaField
          {...fields.criteria}
          label={t("badges.admin.criteria")}
          hint={t("badges.admin.criteriaHint")}
          rows={3}
          defaultValue={value("criteria")}
          error={answer?.errors.criteria}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {intent === "add" ? t("badges.admin.addSubmit") : t("badges.admin.save")}
          </button>
          {cancel ? <Link to={cancel}>{t("badges.admin.cancel")}</Link> : null}
        </div>
      </Form>
    </section>
  );
}

interface IssuedBadge {
  id: string;
  issuedAt: Date | string | null;
  revokedAt: Date | string | null;
  revokedReason: string | null;
  badgeClass: { name: string };
  person: { displayName: string };
}

/** The badges the structure issued; one may be revoked, with a reason the verification page shows. */
export function IssuedBadges({
  awards,
  answer,
  busy,
}: {
  awards: IssuedBadge[];
  answer?: { target: string; errors: FieldErrors; values: FormValues };
  busy: boolean;
}) {
  return (
    <section aria-labelledby="issued-title">
      <h2 id="issued-title">{t("badges.admin.issued")}</h2>
      {awards.length === 0 ? <p>{t("badges.admin.noneIssued")}</p> : null}
      <ul className="stack">
        {awards.map((award, index) => {
          const mine = answer?.target === award.id ? answer : undefined;
          const error: MessageKey | undefined = mine?.errors.reason;
          return (
            <li key={award.id} className="card" data-testid="issued-badge">
              <p>
                <strong>{award.badgeClass.name}</strong> — {award.person.displayName},{" "}
                {award.issuedAt ? t("badges.admin.issuedOn", { date: formatDay(award.issuedAt) }) : null}
              </p>
              <p>
                <a href={`/badges/verifier/${award.id}`}>{t("badges.admin.check")}</a>
              </p>
              {award.revokedAt ? (
                <p className="notice">
                  {t("badges.mine.revoked", { date: formatDay(award.revokedAt) })} {award.revokedReason}
                </p>
              ) : (
                <Form method="post" className="stack" noValidate>
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="awardId" value={award.id} />
                  <div className="field">
                    <label htmlFor={`reason-${index}`}>
                      {t("badges.admin.reason", { name: award.badgeClass.name, person: award.person.displayName })}
                    </label>
                    {error ? (
                      <p className="error" id={`reason-${index}-error`}>
                        {t(error)}
                      </p>
                    ) : null}
                    <input
                      id={`reason-${index}`}
                      name="reason"
                      type="text"
                      maxLength={300}
                      defaultValue={mine?.values.reason ?? ""}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `reason-${index}-error` : undefined}
                    />
                  </div>
                  <button type="submit" className="button secondary" disabled={busy}>
                    {t("badges.admin.revoke")}
                  </button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The keys the structure signs with: the current one, the retired ones (still published), and a new one on demand. */
export function SigningKeys({
  keys,
  issuerUrl,
  busy,
}: {
  keys: { id: string; createdAt: Date | string; retiredAt: Date | string | null }[];
  issuerUrl: string;
  busy: boolean;
}) {
  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">{t("badges.admin.keys")}</h2>
      <p>{t("badges.admin.keysIntro")}</p>
      {keys.length === 0 ? <p>{t("badges.admin.noKey")}</p> : null}
      <ul>
        {keys.map((key) => (
          <li key={key.id}>
            {key.retiredAt
              ? t("badges.admin.keyRetired", { created: formatDay(key.createdAt), retired: formatDay(key.retiredAt) })
              : t("badges.admin.keyActive", { created: formatDay(key.createdAt) })}
          </li>
        ))}
      </ul>
      <p>
        {t("badges.admin.published")} <a href={issuerUrl}>{issuerUrl}</a>
      </p>
      <Form method="post">
        <button type="submit" name="intent" value="rotate" className="button secondary" disabled={busy}>
          {t("badges.admin.rotate")}
        </button>
      </Form>
    </section>
  );
}
