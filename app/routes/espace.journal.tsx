import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePerson } from "~/auth/auth.server";
import { auditPartLabel } from "~/diagnostic/person-format";
import { PersonPage } from "~/diagnostic/person-nav";
import { personJournal } from "~/privacy/access-log.server";
import { readObject } from "~/privacy/access-words";
import { formatDateTime, t } from "~/i18n";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.journal")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  return { events: await personJournal(context.db, person.id) };
}

export default function AuditLog() {
  const { events } = useLoaderData<typeof loader>();
  return (
    <PersonPage title={t("espace.nav.journal")} picto="journal">
      <p>{t("espace.journal.intro")}</p>
      {events.length === 0 ? <p>{t("espace.journal.empty")}</p> : null}
      <ul className="person-list" data-testid="journal">
        {events.map((event) => (
          <li key={event.id} className="card">
            <p className="muted">{formatDateTime(event.at)}</p>
            <p>
              {event.kind === "document"
                ? event.who === null
                  ? t("documents.journal.openedByLink", { title: event.title })
                  : t("documents.journal.opened", {
                      who: event.who || t("access.who.unknown"),
                      structure: event.structure ?? "",
                      title: event.title,
                    })
                : event.kind === "diagnostic"
                  ? t("espace.journal.line", {
                      who: event.who,
                      structure: event.structure,
                      action: event.action === "write" ? t("espace.journal.write") : t("espace.journal.read"),
                      part: auditPartLabel(event.part),
                    })
                  : t("espace.journal.session", {
                      who: event.who || t("access.who.unknown"),
                      structure: event.structure,
                      what: readObject(event.what, { title: event.title, startsAt: event.startsAt }),
                    })}
            </p>
          </li>
        ))}
      </ul>
    </PersonPage>
  );
}
