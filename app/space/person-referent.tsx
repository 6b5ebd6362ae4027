import { t } from "~/i18n";

type Referent = { structure: string; referent: { name: string; role: string | null; email: string; phone: string | null } | null };

/** Who follows her and how to reach them, on her space's first page. */
export function PersonReferent({ structure, referent }: Referent) {
  return (
    <section aria-labelledby="referent-title" className="person-referent">
      <h2 id="referent-title">{t("espace.referent.title")}</h2>
      {referent ? (
        <>
          <p>{t("espace.referent.named", { name: referent.name, structure })}</p>
          {referent.role ? <p className="muted">{referent.role}</p> : null}
          <ul>
            <li>
              {t("espace.referent.email")} <a href={`mailto:${referent.email}`}>{referent.email}</a>
            </li>
            {referent.phone ? (
              <li>
                {t("espace.referent.phone")} <a href={`tel:${referent.phone.replace(/[^\d+]/g, "")}`}>{referent.phone}</a>
              </li>
            ) : null}
          </ul>
        </>
      ) : (
        <p>{t("espace.referent.structureOnly", { structure })}</p>
      )}
      <p className="muted">{t("espace.index.referent", { structure })}</p>
    </section>
  );
}
