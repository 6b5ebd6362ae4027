import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { OutboxMessageCard } from "~/registrations/outbox-message";
import { t } from "~/i18n";
import { deliveredByHandSchema, listOutbox, mailerFromEnv, markDeliveredByHand } from "~/registrations/outbox.server";
import { readForm } from "~/lib/request-body.server";
import { badRequest, notFound, parseForm } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: `${t("registrations.outbox.title")} · ${t("app.name")}` }];

/** Invitations that did not leave by themselves, for the sessions this professional runs. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  return { messages: await listOutbox(context.db, user.id, mailerFromEnv() !== null) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const parsed = parseForm(deliveredByHandSchema, await readForm(request));
  if (!parsed.ok) throw badRequest();
  const delivered = await markDeliveredByHand(context.db, user.id, parsed.data.messageId);
  if (!delivered) throw notFound();
  return { delivered: true };
}

export default function OutboxPage() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow outbox">
      <h1>{t("registrations.outbox.title")}</h1>
      <p>{t("registrations.outbox.intro")}</p>
      {messages.length === 0 ? (
        <p className="notice ok">{t("registrations.outbox.empty")}</p>
      ) : (
        <>
          <p className="no-print">
            <button type="button" className="button secondary" onClick={() => window.print()}>
              {t("registrations.outbox.print")}
            </button>
          </p>
          <ul className="outbox-list">
            {messages.map((message) => (
              <OutboxMessageCard key={message.id} message={message} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
