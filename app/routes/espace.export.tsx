import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePerson } from "~/auth/auth.server";
import { PersonExport } from "~/diagnostic/person-export";
import { PersonPage } from "~/diagnostic/person-nav";
import { exportPersonData } from "~/diagnostic/export.server";
import { t } from "~/i18n";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.export")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  // The page shows what the file holds, without the files' bytes.
  const { documents, ...rest } = await exportPersonData(context.db, person.id);
  return { ...rest, documents: documents.map(({ contentBase64: _bytes, ...document }) => document) };
}

export default function Export() {
  const data = useLoaderData<typeof loader>();
  return (
    <PersonPage title={t("espace.nav.export")} picto="export">
      <p>{t("espace.export.intro")}</p>
      <div className="actions no-print">
        <a className="button" href="/espace/export.json" download>
          {t("espace.export.json")}
        </a>
        <button type="button" className="button secondary" onClick={() => window.print()}>
          {t("espace.export.print")}
        </button>
      </div>
      <p className="hint no-print">
        {t("espace.export.json.hint")} {t("espace.export.print.hint")}
      </p>
      <PersonExport data={data} />
    </PersonPage>
  );
}
