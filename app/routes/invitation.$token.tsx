import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useNavigation, useParams, useRouteError } from "@remix-run/react";
import { findFacilitator, startFacilitatorSession } from "~/auth.server";
import { ErrorSummary, TextField } from "~/components/form";
import { roleLabel, structureKindLabel } from "~/components/structures/labels";
import { formatDay, t } from "~/i18n";
import { fieldErrors, type FieldErrors } from "~/sessions.schema";
import {
  acceptInvitation,
  currentStructureCookie,
  findUsableInvitation,
  invitationSignupSchema,
  signUpWithInvitation,
} from "~/structures.server";
import { readForm } from "~/lib/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? t("structures.invitation.title", { name: data.organization.name }) : t("structures.invitation.invalid.title")} · ${t("app.name")}` },
];

// Unknown, used, expired or revoked: one answer, so a link tells nothing about why it failed.
const gone = () => new Response("Not Found", { status: 404 });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const invitation = await findUsableInvitation(context.db, params.token ?? "");
  if (!invitation) throw gone();
  const user = await findFacilitator(context.db, request.headers.get("Cookie"));
  return {
    organization: invitation.organization,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    user: user ? { displayName: user.displayName } : null,
  };
}

/** Lands in the structure, which becomes the current one. */
async function joined(request: Request, organizationId: string, sessionCookie?: string) {
  const headers = new Headers();
  if (sessionCookie) headers.append("Set-Cookie", sessionCookie);
  headers.append("Set-Cookie", await currentStructureCookie(request, organizationId));
  return redirect(`/structures/${organizationId}?bienvenue`, { headers });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = Object.fromEntries(await readForm(request));
  const user = await findFacilitator(context.db, request.headers.get("Cookie"));
  if (user) {
    const organizationId = await acceptInvitation(context.db, token, user.id);
    if (!organizationId) throw gone();
    return joined(request, organizationId);
  }
  const values = { displayName: String(form.displayName ?? ""), email: String(form.email ?? "") };
  const parsed = invitationSignupSchema.safeParse(form);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) as FieldErrors, values }, { status: 400 });
  const result = await signUpWithInvitation(context.db, token, parsed.data);
  if (!result.ok && "invalid" in result) throw gone();
  if (!result.ok) return data({ errors: result.errors as FieldErrors, values }, { status: 400 });
  return joined(request, result.organizationId, await startFacilitatorSession(context.db, request, result.userId));
}

export default function InvitationPage() {
  const { organization, role, expiresAt, user } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  const { token } = useParams();
  return (
    <div className="page narrow">
      <h1>{t("structures.invitation.title", { name: organization.name })}</h1>
      <p>
        {structureKindLabel(organization.kind)}
        {organization.territory ? ` · ${t("structures.territory", { territory: organization.territory })}` : null}
      </p>
      <p>{t("structures.invitation.role", { role: roleLabel(role).toLowerCase() })}</p>
      <p className="hint">{t("structures.invitation.expires", { date: formatDay(expiresAt) })}</p>
      {user ? (
        <Form method="post" className="stack">
          <p>{t("structures.invitation.signedInAs", { name: user.displayName })}</p>
          <button type="submit" className="button" disabled={busy}>
            {t("structures.invitation.accept", { name: organization.name })}
          </button>
        </Form>
      ) : (
        <>
          <h2>{t("structures.invitation.signup.title")}</h2>
          <Form method="post" className="stack" noValidate>
            <ErrorSummary show={Object.keys(errors).length > 0} />
            <TextField
              name="displayName"
              label={t("structures.invitation.signup.displayName")}
              error={errors.displayName}
              defaultValue={result?.values.displayName}
              autoComplete="name"
              required
              maxLength={80}
            />
            <TextField
              name="email"
              type="email"
              label={t("structures.invitation.signup.email")}
              error={errors.email}
              defaultValue={result?.values.email}
              autoComplete="email"
              required
            />
            <TextField
              name="password"
              type="password"
              label={t("structures.invitation.signup.password")}
              hint={t("structures.invitation.signup.password.hint")}
              error={errors.password}
              autoComplete="new-password"
              required
              minLength={12}
            />
            <button type="submit" className="button" disabled={busy}>
              {t("structures.invitation.signup.submit")}
            </button>
          </Form>
          <h2>{t("structures.invitation.haveAccount")}</h2>
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(`/invitation/${token ?? ""}`)}`}>
              {t("structures.invitation.login")}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const gone = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="page narrow">
      <h1>{gone ? t("structures.invitation.invalid.title") : t("error.title")}</h1>
      <p>{gone ? t("structures.invitation.invalid") : t("error.generic")}</p>
      <p>
        <Link to="/">{t("error.back")}</Link>
      </p>
    </div>
  );
}
