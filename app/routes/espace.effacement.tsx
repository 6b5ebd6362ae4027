import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { signOutPerson, findPerson, requirePerson } from "~/auth/auth.server";
import { ErrorSummary, TextField } from "~/ui/form";
import { PersonPage, PersonTitle } from "~/diagnostic/person-nav";
import { erasePerson } from "~/diagnostic/export.server";
import { t } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { parseForm } from "~/lib/forms";
import { erasureConfirmSchema } from "~/diagnostic/person-forms.server";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.effacement")} · ${t("app.name")}` }];

const ERASED = "efface";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Right after an erasure there is nobody left to sign in: the page only says it is done.
  if (new URL(request.url).searchParams.has(ERASED) && !(await findPerson(context.db, request.headers.get("Cookie")))) {
    return { erased: true };
  }
  await requirePerson(context.db, request);
  return { erased: false };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const parsed = parseForm(erasureConfirmSchema, await readForm(request));
  if (!parsed.ok) return data({ failed: true }, { status: 400 });
  await erasePerson(context.db, person.id);
  const cookie = await signOutPerson(context.db, request);
  return redirect(`/espace/effacement?${ERASED}=1`, { headers: { "Set-Cookie": cookie } });
}

export default function Erasure() {
  const { erased } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (erased) {
    return (
      <div className="page narrow person-space">
        <PersonTitle title={t("espace.effacement.done.title")} picto="done" />
        <p>{t("espace.effacement.done.text")}</p>
      </div>
    );
  }
  return (
    <PersonPage title={t("espace.nav.effacement")} picto="erase">
      <p>{t("espace.effacement.intro")}</p>
      <p>{t("espace.effacement.what")}</p>
      <p>{t("espace.effacement.keep")}</p>
      <p>
        <Link to="/espace/export">{t("espace.effacement.before")}</Link>
      </p>
      <p className="notice">
        <strong>{t("espace.effacement.warning")}</strong>
      </p>
      <Form method="post" className="stack" noValidate>
        <ErrorSummary show={Boolean(result?.failed)} />
        <TextField
          name="confirm"
          label={t("espace.effacement.field")}
          error={result?.failed ? "espace.effacement.error" : undefined}
          autoComplete="off"
          required
        />
        <button type="submit" className="button danger" disabled={busy}>
          {t("espace.effacement.submit")}
        </button>
      </Form>
    </PersonPage>
  );
}
