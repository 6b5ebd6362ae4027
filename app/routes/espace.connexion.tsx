import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { findPerson, signInPerson } from "~/auth/auth.server";
import { PersonTitle } from "~/diagnostic/person-nav";
import { TextField } from "~/ui/form";
import { redeemSignInCode } from "~/diagnostic/sign-in-codes.server";
import { recordSignInFailure, recordSignInSuccess, signInPausedFor } from "~/diagnostic/sign-in-throttle.server";
import { readForm } from "~/lib/request-body.server";
import { parseForm } from "~/lib/forms";
import { signInCodeSchema } from "~/diagnostic/person-forms.server";
import { passRetryAfter, retryAfterHeader, waitText } from "~/lib/wait";
import { clientAddress } from "~/auth/login-throttle.server";
import { t } from "~/i18n";

export const meta: MetaFunction = () => [{ title: `${t("espace.connexion.title")} · ${t("app.name")}` }];

export const headers = passRetryAfter;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await findPerson(context.db, request.headers.get("Cookie"))) throw redirect("/espace");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(signInCodeSchema, await readForm(request));
  // A post without a readable code is answered as a wrong code is, and counts as one.
  const code = parsed.ok ? parsed.data.code : "";
  const client = clientAddress(context);
  // Guessing codes: after a few wrong ones from the same place, that place waits a while.
  const pausedSeconds = await signInPausedFor(client);
  if (pausedSeconds !== null) {
    return data({ failed: true, wait: waitText(pausedSeconds) }, { status: 429, headers: retryAfterHeader(pausedSeconds) });
  }
  const personId = await redeemSignInCode(context.db, code);
  if (!personId) {
    await recordSignInFailure(client);
    return data({ failed: true, wait: null }, { status: 400 });
  }
  await recordSignInSuccess(client);
  const cookie = await signInPerson(context.db, request, personId);
  return redirect("/espace", { headers: { "Set-Cookie": cookie } });
}

export default function PersonSignIn() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  // A wrong code is never kept on screen: the field is emptied, ready for the next try.
  useEffect(() => {
    const input = document.getElementById("code");
    if (result?.failed && input instanceof HTMLInputElement) {
      input.value = "";
      input.focus();
    }
  }, [result]);
  return (
    <div className="page narrow person-space">
      <PersonTitle title={t("espace.connexion.title")} picto="signIn" />
      {params.has("sortie") && !result ? (
        <p className="notice ok" role="status">
          {t("espace.connexion.signedOut")}
        </p>
      ) : null}
      <p>{t("espace.connexion.intro")}</p>
      <p>
        <strong>{t("espace.connexion.noPassword")}</strong>
      </p>
      <Form method="post" className="stack" noValidate>
        {result?.failed ? (
          <div className="error-summary" role="alert" id="code-error">
            {result.wait ? t("espace.connexion.paused", { wait: result.wait }) : t("espace.connexion.failed")}
          </div>
        ) : null}
        <TextField
          name="code"
          label={t("espace.connexion.code")}
          hint={t("espace.connexion.code.hint")}
          className="code-input"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          required
          maxLength={12}
          aria-invalid={result?.failed || undefined}
        />
        <button type="submit" className="button" disabled={busy}>
          {t("espace.connexion.submit")}
        </button>
      </Form>
      <p>{t("espace.connexion.noCode")}</p>
    </div>
  );
}
