import { Form } from "@remix-run/react";
import { t } from "~/i18n";

interface CoHostsProps {
  host: string;
  canManage: boolean;
  coHosts: { id: string; name: string }[];
  candidates: { id: string; name: string }[];
}

/** "Structures co-organisatrices" on a session's page: the host's admins and facilitators manage it. */
export function CoHostsSection({ host, canManage, coHosts, candidates }: CoHostsProps) {
  return (
    <section aria-labelledby="cohosts-title" className="structures-cohosts">
      <h2 id="cohosts-title">{t("structures.cohosts.title")}</h2>
      <p>{t("structures.cohosts.intro")}</p>
      <p>{t("structures.cohosts.host", { name: host })}</p>
      {coHosts.length === 0 ? (
        <p>{t("structures.cohosts.empty")}</p>
      ) : (
        <ul className="structures-cohost-list">
          {coHosts.map((coHost) => (
            <li key={coHost.id}>
              <span>{coHost.name}</span>
              {canManage ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="coHostRemove" />
                  <input type="hidden" name="structureId" value={coHost.id} />
                  <button type="submit" className="link-button">
                    {t("structures.cohosts.remove", { name: coHost.name })}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {!canManage ? (
        <p className="hint">{t("structures.cohosts.readonly")}</p>
      ) : candidates.length === 0 ? (
        <p className="hint">{t("structures.cohosts.noCandidates")}</p>
      ) : (
        <Form method="post" className="structures-inline">
          <input type="hidden" name="intent" value="coHostAdd" />
          <div className="field">
            <label htmlFor="cohost-structure">{t("structures.cohosts.add")}</label>
            <select id="cohost-structure" name="structureId">
              {candidates.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button secondary">
            {t("structures.cohosts.add.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}
