import { Form } from "@remix-run/react";
import { t } from "~/i18n";
import type { FieldErrors } from "~/lib/forms";
import { roleLabel, roleOptions } from "./labels";

interface Member {
  id: string;
  role: string;
  user: { id: string; displayName: string; email: string };
}

/** The structure's members; admins change a role or remove someone from here. */
export function MemberList({
  members,
  userId,
  admin,
  result,
}: {
  members: Member[];
  userId: string;
  admin: boolean;
  result?: { intent: string; errors: FieldErrors } | null;
}) {
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{t("structures.members.title")}</h2>
      <ul className="structures-members">
        {members.map((member) => {
          const error = result && (result.intent === "role" || result.intent === "remove") ? result.errors[member.id] : undefined;
          const name = member.user.displayName;
          return (
            <li key={member.id} className="card" data-testid="structure-member">
              <p className="structures-member-name">
                <strong>{name}</strong>
                {member.user.id === userId ? ` (${t("structures.member.you")})` : null}
                <br />
                <span className="structures-member-email">{member.user.email}</span>
                <br />
                {roleLabel(member.role)}
              </p>
              {error ? (
                <p className="error" id={`member-${member.id}-error`} role="alert">
                  {t(error)}
                </p>
              ) : null}
              {admin ? (
                <div className="structures-member-actions">
                  <Form method="post" className="structures-inline">
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="membershipId" value={member.id} />
                    <div className="field">
                      <label htmlFor={`role-${member.id}`}>{t("structures.member.roleOf", { name })}</label>
                      <select id={`role-${member.id}`} name="role" defaultValue={member.role}>
                        {roleOptions().map((option) => (
                          <option key={option.value} value={option.value}>
                            {option.label}
                          </option>
                        ))}
                      </select>
                    </div>
                    <button type="submit" className="button secondary">
                      {t("structures.member.changeRole", { name })}
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="membershipId" value={member.id} />
                    <button type="submit" className="link-button">
                      {t("structures.member.remove", { name })}
                    </button>
                  </Form>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
