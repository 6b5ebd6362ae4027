import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SessionFacts } from "~/registrations/session-facts";
import { formatDateTime, t } from "~/i18n";
import { sessionWhere } from "~/registrations/invitation-ics.server";
import { findFollowUp } from "~/registrations/waiting-list.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.followUp ? t("registrations.followUp.title", { title: data.followUp.title }) : t("registrations.followUp.notFound.title")} · ${t("app.name")}`,
  },
  // A personal link: nothing for search engines.
  { name: "robots", content: "noindex" },
];

/** A person's own registration: where it stands, and whether a freed seat moved them up. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const registration = await findFollowUp(context.db, params.token ?? "");
  if (!registration) return data({ followUp: null }, { status: 404 });
  const { session } = registration;
  return {
    followUp: {
      title: session.title,
      when: formatDateTime(session.startsAt),
      where: sessionWhere(session),
      bring: session.bring,
      status: registration.status,
      promotedOn: registration.status === "registered" && registration.promotedAt ? formatDateTime(registration.promotedAt) : null,
      joinCode: registration.status === "registered" ? session.joinCode : null,
    },
  };
}

export default function RegistrationFollowUp() {
  const { followUp } = useLoaderData<typeof loader>();
  if (!followUp) {
    return (
      <div className="page narrow">
        <h1>{t("registrations.followUp.notFound.title")}</h1>
        <p>{t("registrations.followUp.notFound.text")}</p>
      </div>
    );
  }
  const status = followUp.promotedOn
    ? t("registrations.followUp.promoted", { date: followUp.promotedOn })
    : followUp.status === "waiting"
      ? t("registrations.followUp.waiting")
      : followUp.status === "cancelled"
        ? t("registrations.followUp.cancelled")
        : t("registrations.followUp.registered");
  return (
    <div className="page narrow inscription">
      <h1>{t("registrations.followUp.title", { title: followUp.title })}</h1>
      <p className={followUp.promotedOn ? "notice ok" : "notice"} data-testid="follow-up-status">
        {status}
      </p>
      <SessionFacts when={followUp.when} where={followUp.where} bring={followUp.bring} />
      {followUp.joinCode ? (
        <p>
          {t("registrations.followUp.join", { code: followUp.joinCode })} <Link to={`/join/${followUp.joinCode}`}>{t("nav.join")}</Link>
        </p>
      ) : null}
    </div>
  );
}
