import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { t, type MessageKey } from "~/i18n";
import { Picto, type PictoName } from "~/ui/pictograms";

/** The pages of the personal space, each with a pictogram (decorative: the words carry the meaning). */
export const PERSON_PAGES: { to: string; label: MessageKey; picto: PictoName }[] = [
  { to: "/espace", label: "espace.nav.diagnostic", picto: "diagnostic" },
  { to: "/espace/rendez-vous", label: "espace.nav.rendezVous", picto: "appointment" },
  { to: "/espace/partage", label: "espace.nav.partage", picto: "sharing" },
  { to: "/espace/journal", label: "espace.nav.journal", picto: "journal" },
  { to: "/espace/historique", label: "espace.nav.historique", picto: "history" },
  { to: "/espace/documents", label: "espace.nav.documents", picto: "documents" },
  { to: "/espace/badges", label: "badges.mine.pageTitle", picto: "star" },
  { to: "/espace/appareils", label: "espace.nav.appareils", picto: "signIn" },
  { to: "/espace/export", label: "espace.nav.export", picto: "export" },
  { to: "/espace/effacement", label: "espace.nav.effacement", picto: "erase" },
];

export function PersonNav() {
  return (
    <nav aria-labelledby="person-nav-title" className="person-nav no-print">
      <h2 id="person-nav-title">{t("espace.pages.title")}</h2>
      <ul>
        {PERSON_PAGES.map((page) => (
          <li key={page.to}>
            <NavLink to={page.to} end>
              <Picto name={page.picto} /> {t(page.label)}
            </NavLink>
          </li>
        ))}
        <li>
          <Form method="post" action="/espace/deconnexion">
            <button type="submit" className="link-button">
              <Picto name="logout" /> {t("espace.nav.logout")}
            </button>
          </Form>
        </li>
      </ul>
    </nav>
  );
}

/** A page's title with its pictogram (hidden from screen readers: the words say it all). */
export function PersonTitle({ title, picto }: { title: string; picto: PictoName }) {
  return (
    <h1>
      <Picto name={picto} /> {title}
    </h1>
  );
}

/** A page of the signed-in person's space: its title, its content, then the space's navigation. */
export function PersonPage({ title, picto, children }: { title: string; picto: PictoName; children: ReactNode }) {
  return (
    <div className="page narrow person-space">
      <PersonTitle title={title} picto={picto} />
      {children}
      <PersonNav />
    </div>
  );
}
