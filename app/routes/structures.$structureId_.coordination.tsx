import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { t } from "~/i18n";
import { answerCoordinationForm, coordinatorFields, listCoordinators, type CoordinationAnswer } from "~/indicators/coordinators.server";
import { requireStructureAdmin } from "~/structures/structures.server";
import { readForm } from "~/lib/request-body.server";
import indicatorStyles from "~/styles/indicators.css";
import { ErrorSummary, TextField } from "~/ui/form";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: indicatorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("coordinators.title")} · ${data?.structure.name ?? ""} · ${t("app.name")}` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const structure = await requireStructureAdmin(context.db, user.id, params.structureId ?? "");
  const coordinators = await listCoordinators(context.db, structure.id);
  return { structure, coordinators, fields: coordinatorFields };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const structure = await requireStructureAdmin(context.db, user.id, params.structureId ?? "");
  const { status, ...answer }: CoordinationAnswer = await answerCoordinationForm(
    context.db,
    user.id,
    structure.id,
    await readForm(request),
  );
  return data(answer, { status });
}

export default function CoordinationPage() {
  const { structure, coordinators, fields } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = answer && "errors" in answer ? answer.errors : {};
  const values = answer && "values" in answer ? answer.values : {};
  const done = answer && "done" in answer ? answer : null;
  return (
    <div className="page narrow">
      <p>
        <Link to={`/structures/${structure.id}`}>{t("indicators.back.structure")}</Link>
      </p>
      <h1>{t("coordinators.title")}</h1>
      <p>{t("coordinators.intro")}</p>
      <p role="status">
        {done?.done === "added"
          ? t("coordinators.added", { name: done.name })
          : done?.done === "removed"
            ? t("coordinators.removed")
            : null}
      </p>
      <h2>{t("coordinators.list")}</h2>
      {coordinators.length === 0 ? (
        <p>{t("coordinators.none")}</p>
      ) : (
        <ul className="coordinators-list">
          {coordinators.map((coordinator) => (
            <li key={coordinator.userId}>
              {coordinator.user.displayName} ({coordinator.user.email})
              <Form method="post">
                <input type="hidden" name="userId" value={coordinator.userId} />
                <button type="submit" name="intent" value="remove" disabled={busy}>
                  {t("coordinators.remove", { name: coordinator.user.displayName })}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" noValidate>
        <ErrorSummary show={Object.keys(errors).length > 0} />
        <TextField
          {...fields.email}
          type="email"
          autoComplete="off"
          label={t("coordinators.email")}
          error={errors.email}
          defaultValue={values.email ?? ""}
        />
        <button type="submit" name="intent" value="add" disabled={busy}>
          {t("coordinators.add")}
        </button>
      </Form>
    </div>
  );
}
