import { Form, useLocation } from "@remix-run/react";
import { t } from "~/i18n/participant";

/** For professionals in several structures: which one they work in now (preselected when creating a session). */
export function StructureSwitcher({ structures, currentId }: { structures: { id: string; name: string }[]; currentId: string | null }) {
  const location = useLocation();
  if (structures.length < 2) return null;
  return (
    <Form method="post" action="/structures?index" className="structure-switcher">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="structure-switcher">{t("structures.switcher.label")}</label>
      <select id="structure-switcher" name="structureId" defaultValue={currentId ?? structures[0]?.id} key={currentId}>
        {structures.map((structure) => (
          <option key={structure.id} value={structure.id}>
            {structure.name}
          </option>
        ))}
      </select>
      <button type="submit" className="link-button">
        {t("structures.switcher.submit")}
      </button>
    </Form>
  );
}
