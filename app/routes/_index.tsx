import { Link } from "@remix-run/react";
import { t } from "~/i18n";

export default function Home() {
  return (
    <div className="page">
      <h1>{t("app.name")}</h1>
      <p>{t("app.tagline")}</p>
      <div className="cards">
        <section className="card" aria-labelledby="rejoindre">
          <h2 id="rejoindre">{t("home.join.title")}</h2>
          <p>{t("home.join.text")}</p>
          <Link className="button" to="/join">
            {t("nav.join")}
          </Link>
        </section>
        <section className="card" aria-labelledby="animer">
          <h2 id="animer">{t("home.pro.title")}</h2>
          <p>{t("home.pro.text")}</p>
          <Link className="button secondary" to="/sessions">
            {t("nav.facilitator")}
          </Link>
        </section>
      </div>
    </div>
  );
}
