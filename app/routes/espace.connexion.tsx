import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { findPerson, signInPerson } from "~/auth/auth.server";
import { PersonTitle } from "~/diagnostic/person-nav";
import { TextField } from "~/ui/form";
import { redeemSignInCode } from "~/diagnostic/sign-in-codes.server";
import { readForm } from "~/lib/request-body.server";
import { parseForm } from "~/lib/forms";
import { signInCodeSchema } from "~/diagnostic/person-forms.server";
import { mailerFromEnv } from "~/registrations/outbox.server";
import { PasskeySignIn } from "~/space/passkey-sign-in";
import { requestSignInLink } from "~/space/sign-in-links.server";
import { signInLinkSchema } from "~/space/space-forms.server";
import { passRetryAfter, retryAfterHeader, waitText } from "~/lib/wait";
import { clientAddress } from "~/auth/login-throttle.server";
import { signInLimitsOf } from "~/auth/sign-in-limits.server";
import { t } from "~/i18n";

export const meta: MetaFunction = () => [{ title: `${t("espace.connexion.title")} · ${t("app.name")}` }];

export const headers = passRetryAfter;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await findPerson(context.db, request.headers.get("Cookie"))) throw redirect("/espace");
  // The link by e-mail is offered only where an e-mail can leave, and only with PUBLIC_ORIGIN: the
  // request's own Host is the sender's to choose, and a link to a host of theirs would hand them her space.
  return { linkAvailable: mailerFromEnv() !== null && Boolean(context.publicOrigin) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (form.get("intent") === "link") return askForLink(context, form);
  const parsed = parseForm(signInCodeSchema, form);
  // A post without a readable code is answered as a wrong code is, and counts as one.
  const code = parsed.ok ? parsed.data.code : "";
  const client = clientAddress(context);
  // Guessing codes: after a few wrong ones from the same place, that place waits a while.
  const { personSignIns } = signInLimitsOf(context);
  const pausedSeconds = await personSignIns.pausedFor(client);
  if (pausedSeconds !== null) {
    return data({ failed: true, wait: waitText(pausedSeconds) } as Answer, { status: 429, headers: retryAfterHeader(pausedSeconds) });
  }
  const personId = await redeemSignInCode(context.db, code);
  if (!personId) {
    await personSignIns.recordFailure(client);
    return data({ failed: true, wait: null } as Answer, { status: 400 });
  }
  await personSignIns.recordSuccess(client);
  const cookie = await signInPerson(context.db, request, personId);
  return redirect("/espace", { headers: { "Set-Cookie": cookie } });
}

type Answer = { failed?: boolean; wait?: string | null; link?: "sent" | "invalid"; linkWait?: string | null; email?: string };

/** Asking for a link: the same answer for any well-formed address, known or not. */
async function askForLink(context: ActionFunctionArgs["context"], form: FormData) {
  const mailer = mailerFromEnv();
  const origin = context.publicOrigin ? new URL(context.publicOrigin).origin : null;
  if (!mailer || !origin) return data({ link: "invalid" } as Answer, { status: 400 });
  const parsed = parseForm(signInLinkSchema, form);
  if (!parsed.ok) return data({ link: "invalid", email: parsed.values.email ?? "" } as Answer, { status: 400 });
  const answer = await requestSignInLink(context.db, {
    email: parsed.data.email,
    origin,
    client: clientAddress(context),
    mailer,
    requests: signInLimitsOf(context).linkRequests,
  });
  if ("waitSeconds" in answer) {
    return data({ link: "invalid", linkWait: waitText(answer.waitSeconds) } as Answer, {
      status: 429,
      headers: retryAfterHeader(answer.waitSeconds),
    });
  }
  answer.delivery.catch((error: unknown) => context.logError?.(error));
  return data({ link: "sent" } as Answer);
}

export default function PersonSignIn() {
  const { linkAvailable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Answer | undefined;
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
          {params.get("sortie") === "partout" ? t("espace.connexion.signedOutEverywhere") : t("espace.connexion.signedOut")}
        </p>
      ) : null}
      <PasskeySignIn />
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
      {linkAvailable ? <LinkRequest result={result} busy={busy} /> : null}
    </div>
  );
}

/** "Recevoir un lien par e-mail": for those who gave their structure an address. */
function LinkRequest({ result, busy }: { result: Answer | undefined; busy: boolean }) {
  const sent = result?.link === "sent";
  const invalid = result?.link === "invalid";
  return (
    <section aria-labelledby="link-title" className="stack">
      <h2 id="link-title">{t("espace.connexion.link.title")}</h2>
      <p>{t("espace.connexion.link.intro")}</p>
      {sent ? (
        <p className="notice ok" role="status">
          {t("espace.connexion.link.sent")}
        </p>
      ) : null}
      {invalid && result?.linkWait ? (
        <p className="error-summary" role="alert">
          {t("espace.connexion.paused", { wait: result.linkWait })}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="link" />
        <TextField
          name="email"
          type="email"
          label={t("espace.connexion.link.email")}
          autoComplete="email"
          defaultValue={invalid ? result?.email : undefined}
          error={invalid && !result?.linkWait ? "espace.connexion.link.error" : undefined}
        />
        <button type="submit" className="button secondary" disabled={busy}>
          {t("espace.connexion.link.submit")}
        </button>
      </Form>
    </section>
  );
}
