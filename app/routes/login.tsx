import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { findProfessional, signInProfessional, verifyLogin } from "~/auth/auth.server";
import { TextField } from "~/ui/form";
import { readForm } from "~/lib/request-body.server";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { passRetryAfter, retryAfterHeader, waitText } from "~/lib/wait";
import { clientAddress } from "~/auth/login-throttle.server";
import { signInLimitsOf } from "~/auth/sign-in-limits.server";
import { t } from "~/i18n";
import { parseForm } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: `${t("login.title")} · ${t("app.name")}` }];

const loginSchema = z.object({
  email: z.string().trim().email(),
  password: z.string().min(1).max(200),
  redirectTo: z.string().optional(),
});

/** Only our own paths: never bounce a signed-in professional to another site. */
const afterSignIn = (target: unknown) => safeRedirectPath(target, "/sessions");

export const headers = passRetryAfter;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await findProfessional(context.db, request.headers.get("Cookie"))) {
    throw redirect(afterSignIn(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  // No field errors here: the answer never says which of the two was wrong.
  const parsed = parseForm(loginSchema, await readForm(request));
  const email = parsed.values.email ?? "";
  if (!parsed.ok) return data({ failed: true, email, wait: null }, { status: 400 });
  // Guessing a password: misses count per account *and* address, so a stranger pauses only
  // themselves, never the real person signing in from elsewhere (app/auth/login-throttle.server.ts).
  const address = clientAddress(context);
  const { logins } = signInLimitsOf(context);
  const pausedSeconds = await logins.pausedFor(parsed.data.email, address);
  if (pausedSeconds !== null) {
    return data({ failed: true, email, wait: waitText(pausedSeconds) }, { status: 429, headers: retryAfterHeader(pausedSeconds) });
  }
  const user = await verifyLogin(context.db, parsed.data.email, parsed.data.password);
  if (!user) {
    await logins.recordFailure(parsed.data.email, address);
    return data({ failed: true, email, wait: null }, { status: 400 });
  }
  await logins.recordSuccess(parsed.data.email, address);
  const cookie = await signInProfessional(context.db, request, user.id);
  return redirect(afterSignIn(parsed.data.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="page narrow">
      <h1>{t("login.title")}</h1>
      <Form method="post" className="stack" noValidate>
        {result?.failed ? (
          <div className="error-summary" role="alert">
            {result.wait ? t("login.paused", { wait: result.wait }) : t("login.failed")}
          </div>
        ) : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField name="email" type="email" label={t("login.email")} autoComplete="username" required defaultValue={result?.email} />
        <TextField name="password" type="password" label={t("login.password")} autoComplete="current-password" required />
        <button type="submit" className="button" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
    </div>
  );
}
