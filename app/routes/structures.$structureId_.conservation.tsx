import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { t } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { retentionPageData } from "~/privacy/retention-page.server";
import { requireStructureAdmin } from "~/structures/structures.server";
import { saveRetentionOverrides } from "~/privacy/retention.server";
import { LastPurge, RetentionSettings } from "~/privacy/retention-settings";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("privacy.retention.title")} · ${data?.structure.name ?? ""} · ${t("app.name")}` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const structure = await requireStructureAdmin(context.db, user.id, params.structureId ?? "");
  return { structure, ...(await retentionPageData(context.db, structure.id)) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const structure = await requireStructureAdmin(context.db, user.id, params.structureId ?? "");
  const { status, ...answer } = await saveRetentionOverrides(context.db, user.id, structure.id, await readForm(request));
  return data(answer, { status });
}

export default function RetentionPage() {
  const { structure, kinds, fields, lastRun } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="page narrow">
      <p>
        <Link to={`/structures/${structure.id}`}>{t("privacy.retention.back")}</Link>
      </p>
      <h1>{t("privacy.retention.title")}</h1>
      <p>{t("privacy.retention.intro")}</p>
      <p role="status">{result?.saved ? t("privacy.retention.saved") : null}</p>
      <LastPurge run={lastRun} />
      <RetentionSettings
        key={result?.saved ? "saved" : "editing"}
        kinds={kinds}
        fields={fields}
        errors={result?.errors ?? {}}
        values={result && !result.saved ? result.values : {}}
        busy={busy}
      />
    </div>
  );
}
