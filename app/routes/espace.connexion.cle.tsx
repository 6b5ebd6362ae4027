// Signing in with a passkey (resource route, called by app/space/passkey-sign-in.tsx): "options" gives
// navigator.credentials.get a challenge naming no account; "verify" checks the answer and opens her space.
import type { ActionFunctionArgs } from "@remix-run/node";
import { signInPerson } from "~/auth/auth.server";
import { clientAddress } from "~/auth/login-throttle.server";
import { signInLimitsOf } from "~/auth/sign-in-limits.server";
import { parseForm } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";
import { retryAfterHeader, waitText } from "~/lib/wait";
import { clearChallengeCookie, passkeySignInOptions, PasskeyRefused, relyingParty, verifyPasskeySignIn } from "~/space/passkeys.server";
import { passkeySignInSchema } from "~/space/space-forms.server";
import { t } from "~/i18n";

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(passkeySignInSchema, await readForm(request));
  if (!parsed.ok) return Response.json({ error: t("espace.connexion.passkey.failed") }, { status: 400 });
  const rp = relyingParty(request, context.publicOrigin);
  const client = clientAddress(context);
  const { personSignIns, passkeyChallenges } = signInLimitsOf(context);
  if (parsed.data.intent === "options") {
    const wait = await passkeyChallenges.wait(client);
    if (wait !== null) {
      return Response.json(
        { error: t("espace.connexion.paused", { wait: waitText(wait) }) },
        { status: 429, headers: retryAfterHeader(wait) },
      );
    }
    const { options, cookie } = await passkeySignInOptions(context.db, request, rp);
    return Response.json({ options }, { headers: { "Set-Cookie": cookie } });
  }
  // A refused answer counts like a wrong code: the same pause for the same place.
  const paused = await personSignIns.pausedFor(client);
  if (paused !== null) {
    return Response.json(
      { error: t("espace.connexion.paused", { wait: waitText(paused) }) },
      { status: 429, headers: retryAfterHeader(paused) },
    );
  }
  try {
    const personId = await verifyPasskeySignIn(context.db, request, rp, parsed.data.response);
    await personSignIns.recordSuccess(client);
    const headers = new Headers();
    headers.append("Set-Cookie", await signInPerson(context.db, request, personId, "passkey"));
    headers.append("Set-Cookie", await clearChallengeCookie(request));
    return Response.json({ signedIn: true }, { headers });
  } catch (error) {
    if (!(error instanceof PasskeyRefused)) throw error;
    await personSignIns.recordFailure(client);
    const message = error.reason === "unknown" ? t("espace.connexion.passkey.unknown") : t("espace.connexion.passkey.failed");
    return Response.json({ error: message }, { status: 400 });
  }
}

export function loader() {
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}
