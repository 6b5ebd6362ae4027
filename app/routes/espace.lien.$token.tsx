// The page an e-mailed sign-in link opens. Opening it spends nothing (mail scanners open links):
// she presses the button, and only that post spends the link and opens her space.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { signInPerson } from "~/auth/auth.server";
import { clientAddress } from "~/auth/login-throttle.server";
import { signInLimitsOf } from "~/auth/sign-in-limits.server";
import { PersonTitle } from "~/diagnostic/person-nav";
import { t } from "~/i18n";
import { passRetryAfter, retryAfterHeader, waitText } from "~/lib/wait";
import { redeemSignInLink } from "~/space/sign-in-links.server";

export const meta: MetaFunction = () => [
  { title: `${t("espace.link.title")} · ${t("app.name")}` },
  // The link is a secret: never sent on to another site.
  { name: "referrer", content: "no-referrer" },
];

export const headers = passRetryAfter;

export function loader(_: LoaderFunctionArgs) {
  return null;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const client = clientAddress(context);
  const { personSignIns } = signInLimitsOf(context);
  const paused = await personSignIns.pausedFor(client);
  if (paused !== null) return data({ wait: waitText(paused) }, { status: 429, headers: retryAfterHeader(paused) });
  const personId = await redeemSignInLink(context.db, params.token ?? "");
  if (!personId) {
    await personSignIns.recordFailure(client);
    return data({ wait: null }, { status: 400 });
  }
  await personSignIns.recordSuccess(client);
  const cookie = await signInPerson(context.db, request, personId, "link");
  return redirect("/espace", { headers: { "Set-Cookie": cookie } });
}

export default function SignInLink() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="page narrow person-space">
      <PersonTitle title={t("espace.link.title")} picto="signIn" />
      {result ? (
        <>
          <p className="error-summary" role="alert">
            {result.wait ? t("espace.connexion.paused", { wait: result.wait }) : t("espace.link.failed")}
          </p>
          <p>
            <Link to="/espace/connexion">{t("espace.link.back")}</Link>
          </p>
        </>
      ) : (
        <Form method="post" className="stack">
          <p>{t("espace.link.intro")}</p>
          <button type="submit" className="button" disabled={busy}>
            {t("espace.link.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
