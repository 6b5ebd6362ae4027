// Registering a passkey, for the signed-in person (resource route, called by app/space/passkey-register.tsx):
// "options" gives navigator.credentials.create its options; "verify" checks the answer and keeps the passkey.
import type { ActionFunctionArgs } from "@remix-run/node";
import { requirePerson } from "~/auth/auth.server";
import { parseForm } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";
import { clearChallengeCookie, passkeyRegistrationOptions, PasskeyRefused, registerPasskey, relyingParty } from "~/space/passkeys.server";
import { passkeyRegisterSchema } from "~/space/space-forms.server";
import { t } from "~/i18n";

export async function action({ request, context }: ActionFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const parsed = parseForm(passkeyRegisterSchema, await readForm(request));
  if (!parsed.ok) {
    const labelError = parsed.errors.label;
    return Response.json({ error: labelError ? t(labelError) : t("espace.appareils.passkey.failed") }, { status: 400 });
  }
  const rp = relyingParty(request, context.publicOrigin);
  try {
    if (parsed.data.intent === "options") {
      const { options, cookie } = await passkeyRegistrationOptions(context.db, request, rp, person);
      return Response.json({ options }, { headers: { "Set-Cookie": cookie } });
    }
    const passkey = await registerPasskey(context.db, request, rp, person.id, parsed.data.response, parsed.data.label);
    return Response.json({ saved: passkey.label }, { headers: { "Set-Cookie": await clearChallengeCookie(request) } });
  } catch (error) {
    if (!(error instanceof PasskeyRefused)) throw error;
    const message = error.reason === "full" ? t("espace.appareils.passkey.full") : t("espace.appareils.passkey.failed");
    return Response.json({ error: message }, { status: 400 });
  }
}

export function loader() {
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}
