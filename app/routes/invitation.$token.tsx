import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useNavigation, useParams, useRouteError } from "@remix-run/react";
import { findProfessional } from "~/auth/auth.server";
import { ErrorSummary, TextField } from "~/ui/form";
import { roleLabel, structureKindLabel } from "~/structures/labels";
import { formatDay, t } from "~/i18n";
import { readForm } from "~/lib/request-body.server";
import { answerInvitation, invitationGone, invitationSignupFields } from "~/structures/invitation-page.server";
import { findUsableInvitation } from "~/structures/structures.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data ? t("structures.invitation.title", { name: data.structure.name }) : t("structures.invitation.invalid.title")} · ${t("app.name")}`,
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const invitation = await findUsableInvitation(context.db, params.token ?? "");
  if (!invitation) throw invitationGone();
  const user = await findProfessional(context.db, request.headers.get("Cookie"));
  return {
    structure: invitation.structure,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    user: user ? { displayName: user.displayName } : null,
    fields: invitationSignupFields,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const answer = await answerInvitation(context.db, request, params.token ?? "", await readForm(request));
  return answer instanceof Response ? answer : data(answer, { status: 400 });
}

export default function InvitationPage() {
  const { structure, role, expiresAt, user, fields } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  const { token } = useParams();
  return (
    <div className="page narrow">
      <h1>{t("structures.invitation.title", { name: structure.name })}</h1>
      <p>
        {structureKindLabel(structure.kind)}
        {structure.territory ? ` · ${t("structures.territory", { territory: structure.territory })}` : null}
      </p>
      <p>{t("structures.invitation.role", { role: roleLabel(role).toLowerCase() })}</p>
      <p className="hint">{t("structures.invitation.expires", { date: formatDay(expiresAt) })}</p>
      {user ? (
        <Form method="post" className="stack">
          <p>{t("structures.invitation.signedInAs", { name: user.displayName })}</p>
          <button type="submit" className="button" disabled={busy}>
            {t("structures.invitation.accept", { name: structure.name })}
          </button>
        </Form>
      ) : (
        <>
          <h2>{t("structures.invitation.signup.title")}</h2>
          <Form method="post" className="stack" noValidate>
            <ErrorSummary show={Object.keys(errors).length > 0} />
            <TextField
              {...fields.displayName}
              label={t("structures.invitation.signup.displayName")}
              error={errors.displayName}
              defaultValue={result?.values.displayName}
              autoComplete="name"
            />
            <TextField
              {...fields.email}
              type="email"
              label={t("structures.invitation.signup.email")}
              error={errors.email}
              defaultValue={result?.values.email}
              autoComplete="email"
            />
            <TextField
              {...fields.password}
              type="password"
              label={t("structures.invitation.signup.password")}
              hint={t("structures.invitation.signup.password.hint")}
              error={errors.password}
              autoComplete="new-password"
            />
            <button type="submit" className="button" disabled={busy}>
              {t("structures.invitation.signup.submit")}
            </button>
          </Form>
          <h2>{t("structures.invitation.haveAccount")}</h2>
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(`/invitation/${token ?? ""}`)}`}>{t("structures.invitation.login")}</Link>
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
