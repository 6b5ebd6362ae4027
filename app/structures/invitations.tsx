import { Form } from "@remix-run/react";
import { CopyButton } from "~/ui/copy-button";
import { SelectField } from "~/ui/form";
import { formatDay, t } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";
import { roleLabel, roleOptions } from "./labels";

/** "Invite by link": choose a role, get a one-time link valid 7 days, shown once to copy. */
export function InvitePanel({ link, errors }: { link: string | null; errors: FieldErrors }) {
  return (
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">{t("structures.invite.title")}</h2>
      <p>{t("structures.invite.intro")}</p>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <SelectField
          name="role"
          label={t("structures.invite.role")}
          error={errors.role}
          defaultValue="facilitator"
          options={roleOptions()}
        />
        <button type="submit" className="button">
          {t("structures.invite.submit")}
        </button>
      </Form>
      {link ? (
        <div className="notice ok structures-invite-link">
          <div className="field">
            <label htmlFor="invitation-link">{t("structures.invite.link")}</label>
            <p className="hint" id="invitation-link-hint">
              {t("structures.invite.once")}
            </p>
            <input
              id="invitation-link"
              type="text"
              readOnly
              value={link}
              aria-describedby="invitation-link-hint"
              onFocus={(event) => event.currentTarget.select()}
            />
          </div>
          <CopyButton
            text={link}
            label={t("structures.invite.copy")}
            copiedLabel={t("structures.invite.copied")}
            className="button secondary"
          />
        </div>
      ) : null}
    </section>
  );
}

export function PendingInvitations({ invitations }: { invitations: { id: string; role: string; expiresAt: Date | string }[] }) {
  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t("structures.invitations.title")}</h2>
      {invitations.length === 0 ? (
        <p>{t("structures.invitations.empty")}</p>
      ) : (
        <ul className="structures-invitations">
          {invitations.map((invitation) => {
            const values = { role: roleLabel(invitation.role), date: formatDay(invitation.expiresAt) };
            return (
              <li key={invitation.id}>
                <span>{t("structures.invitations.item", values)}</span>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="invitationId" value={invitation.id} />
                  <button type="submit" className="link-button">
                    {t("structures.invitations.revoke", values)}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
