import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { findFacilitator, startFacilitatorSession, verifyLogin } from "~/auth.server";
import { TextField } from "~/components/form";
import { clearLoginFailures, loginPausedFor, recordLoginFailure } from "~/login-throttle.server";
import { t } from "~/i18n";

export const meta: MetaFunction = () => [{ title: `${t("login.title")} · ${t("app.name")}` }];

const loginSchema = z.object({
  email: z.string().trim().email(),
  password: z.string().min(1).max(200),
  redirectTo: z.string().optional(),
});

/** Only our own paths: never bounce a signed-in professional to another site. */
function safeRedirect(target: string | undefined): string {
  return target && target.startsWith("/") && !target.startsWith("//") ? target : "/sessions";
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await findFacilitator(context.db, request.headers.get("Cookie"))) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo") ?? undefined));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = loginSchema.safeParse(form);
  const email = typeof form.email === "string" ? form.email : "";
  if (!parsed.success) return data({ failed: true, email, pausedMinutes: null }, { status: 400 });
  // Guessing a password, one account at a time: after a few misses the account is paused for a while.
  const pausedMinutes = await loginPausedFor(parsed.data.email);
  if (pausedMinutes !== null) return data({ failed: true, email, pausedMinutes }, { status: 429 });
  const user = await verifyLogin(context.db, parsed.data.email, parsed.data.password);
  if (!user) {
    await recordLoginFailure(parsed.data.email);
    return data({ failed: true, email, pausedMinutes: null }, { status: 400 });
  }
  await clearLoginFailures(parsed.data.email);
  const cookie = await startFacilitatorSession(context.db, request, user.id);
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": cookie } });
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
            {result.pausedMinutes ? t("login.paused", { minutes: result.pausedMinutes }) : t("login.failed")}
          </div>
        ) : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField
          name="email"
          type="email"
          label={t("login.email")}
          autoComplete="username"
          required
          defaultValue={result?.email}
        />
        <TextField name="password" type="password" label={t("login.password")} autoComplete="current-password" required />
        <button type="submit" className="button" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
    </div>
  );
}
