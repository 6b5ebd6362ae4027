import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { signOutPerson, findPerson, requirePerson } from "~/auth/auth.server";
import { ErrorSummary, TextField } from "~/ui/form";
import { PersonPage, PersonTitle } from "~/diagnostic/person-nav";
import { erasePerson } from "~/privacy/erase-person.server";
import { erasurePreview, type ErasurePreview } from "~/privacy/person-footprint.server";
import { t, type MessageKey } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { parseForm } from "~/lib/forms";
import { erasureConfirmSchema } from "~/diagnostic/person-forms.server";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.effacement")} · ${t("app.name")}` }];

const ERASED = "efface";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Right after an erasure there is nobody left to sign in: the page only says it is done.
  if (new URL(request.url).searchParams.has(ERASED) && !(await findPerson(context.db, request.headers.get("Cookie")))) {
    return { erased: true as const };
  }
  const person = await requirePerson(context.db, request);
  // Counted from her real data: what goes, and what stays as anonymous counts.
  const preview = await erasurePreview(context.db, person.id);
  if (!preview) throw new Response("Not Found", { status: 404 });
  return { erased: false as const, preview };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const parsed = parseForm(erasureConfirmSchema, await readForm(request));
  if (!parsed.ok) return data({ failed: true }, { status: 400 });
  await erasePerson({ db: context.db, boards: context.boards }, person.id, new Date());
  const cookie = await signOutPerson(context.db, request);
  return redirect(`/espace/effacement?${ERASED}=1`, { headers: { "Set-Cookie": cookie } });
}

export default function Erasure() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (loaded.erased) {
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
      <ErasureSummary preview={loaded.preview} />
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

/** What goes and what stays, counted from her data; a line only for what she has. */
function ErasureSummary({ preview }: { preview: ErasurePreview }) {
  const { removed, remains } = preview;
  const lines = (items: [MessageKey, number][]) =>
    items.filter(([, count]) => count > 0).map(([key, count]) => <li key={key}>{t(key, { count })}</li>);
  const remaining = lines([
    ["privacy.erasure.remains.sessions", remains.sessions],
    ["privacy.erasure.remains.registrations", remains.registrations],
    ["privacy.erasure.remains.outcomes", remains.acceptedOutcomes],
  ]);
  return (
    <>
      <h2>{t("privacy.erasure.removed.title")}</h2>
      <ul data-testid="erasure-removed">
        <li>{t("privacy.erasure.removed.space")}</li>
        {lines([
          ["privacy.erasure.removed.entries", removed.entries],
          ["privacy.erasure.removed.documents", removed.documents],
          ["privacy.erasure.removed.grants", removed.grants],
          ["privacy.erasure.removed.history", removed.historyChanges],
          ["privacy.erasure.removed.proposals", removed.proposals],
          ["privacy.erasure.removed.cards", removed.cards],
          ["privacy.erasure.removed.registrations", removed.registrations],
          ["privacy.erasure.removed.messages", removed.messages],
        ])}
      </ul>
      <h2>{t("privacy.erasure.remains.title")}</h2>
      {remaining.length > 0 ? <ul data-testid="erasure-remains">{remaining}</ul> : <p>{t("privacy.erasure.remains.nothing")}</p>}
    </>
  );
}
