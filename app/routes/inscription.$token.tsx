import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, TextField } from "~/ui/form";
import { SessionFacts } from "~/registrations/session-facts";
import { formatDateTime, t, type MessageKey } from "~/i18n";
import { sessionWhere } from "~/registrations/invitation-ics.server";
import { findOpenSession, publicRegistrationSchema, register } from "~/registrations/registrations.server";
import { constraintsOf, notFound, parseForm, type FieldErrors } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";
import { PrivacyNotice } from "~/privacy/privacy-notice";
import { registrationNoticeLines } from "~/privacy/notice";
import { sessionNoticePeriods } from "~/privacy/notice.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data && "session" in data && data.session ? t("registrations.public.title", { title: data.session.title }) : t("registrations.public.notFound.title")} · ${t("app.name")}`,
  },
  // The link is shared by hand; it has no business in search engines.
  { name: "robots", content: "noindex" },
];

/** Self-registration, no account: anyone with the session's public link. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const session = await findOpenSession(context.db, params.token ?? "");
  if (!session) return data({ session: null }, { status: 404 });
  return {
    session: {
      title: session.title,
      when: formatDateTime(session.startsAt),
      where: sessionWhere(session),
      bring: session.bring,
      seatsLeft: session.seatsLeft,
    },
    fields: constraintsOf(publicRegistrationSchema),
    keptFor: registrationNoticeLines(await sessionNoticePeriods(context.db, session.id)),
  };
}

type PublicAnswer = { errors: FieldErrors; values: Record<string, string>; done?: MessageKey; followUp?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const session = await findOpenSession(context.db, params.token ?? "");
  if (!session) throw notFound();
  const parsed = parseForm(publicRegistrationSchema, await readForm(request));
  if (!parsed.ok) return data<PublicAnswer>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await register(context.db, session.id, { ...parsed.data, kind: "beneficiary" }, "self");
  const done: MessageKey = result.duplicate
    ? result.status === "waiting"
      ? "registrations.public.already.waiting"
      : "registrations.public.already.registered"
    : result.status === "waiting"
      ? "registrations.public.waiting"
      : "registrations.public.registered";
  // Their own page, to come back to: it says when a seat frees for them.
  const followUp = result.token ? `/inscription/suivi/${result.token}` : undefined;
  return data<PublicAnswer>({ errors: {}, values: {}, done, followUp });
}

export default function PublicRegistration() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (!loaded.session || !("fields" in loaded)) {
    return (
      <div className="page narrow">
        <h1>{t("registrations.public.notFound.title")}</h1>
        <p>{t("registrations.public.notFound.text")}</p>
      </div>
    );
  }
  const { session, fields, keptFor } = loaded;
  const errors = answer?.errors ?? {};
  const values = answer?.values ?? {};
  return (
    <div className="page narrow inscription">
      <h1>{t("registrations.public.title", { title: session.title })}</h1>
      <SessionFacts when={session.when} where={session.where} bring={session.bring} />
      {answer?.done ? (
        <div className="notice ok" role="status" data-testid="inscription-result">
          <p>{t(answer.done)}</p>
          {answer.followUp ? (
            <p>
              <a href={answer.followUp}>{t("registrations.followUp.link")}</a> {t("registrations.followUp.keep")}
            </p>
          ) : null}
        </div>
      ) : (
        <>
          <p className="notice">
            {session.seatsLeft === null
              ? t("registrations.seats.unlimited")
              : session.seatsLeft > 0
                ? t("registrations.public.seatsLeft", { left: session.seatsLeft })
                : t("registrations.public.full")}
          </p>
          <Form method="post" className="stack" noValidate>
            <ErrorSummary show={Object.keys(errors).length > 0} />
            <TextField
              {...fields.name}
              label={t("registrations.public.name")}
              error={errors.name}
              defaultValue={values.name}
              autoComplete="name"
            />
            <TextField
              {...fields.email}
              type="email"
              label={t("registrations.public.email")}
              hint={t("registrations.public.contact.hint")}
              error={errors.email}
              defaultValue={values.email}
              autoComplete="email"
            />
            <TextField
              {...fields.phone}
              type="tel"
              label={t("registrations.public.phone")}
              error={errors.phone}
              defaultValue={values.phone}
              autoComplete="tel"
            />
            <button type="submit" className="button wide" disabled={busy}>
              {t("registrations.public.submit")}
            </button>
          </Form>
        </>
      )}
      <PrivacyNotice lines={keptFor} />
    </div>
  );
}
