import { Form, useNavigation } from "@remix-run/react";
import { formatDateTime, t } from "~/i18n";
import { CopyButton } from "~/ui/copy-button";

export interface OutboxMessageView {
  id: string;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  status: string;
  error: string | null;
  registration: { id: string; name: string; session: { id: string; title: string } } | null;
  /** An appointment's reminder: not to be sent before this time. */
  notBefore?: string | Date | null;
}

/** One waiting message: to whom, what it says, its calendar file, and "I delivered it". */
export function OutboxMessageCard({ message }: { message: OutboxMessageView }) {
  const busy = useNavigation().formData?.get("messageId") === message.id;
  const registration = message.registration;
  const sms = message.channel === "sms";
  return (
    <li className="outbox-message" data-testid="outbox-message">
      <h2>{message.subject}</h2>
      <p>
        {registration ? t("registrations.outbox.session", { title: registration.session.title }) : null}
        <br />
        <strong>{t(sms ? "registrations.outbox.channel.sms" : "registrations.outbox.channel.email")}</strong> —{" "}
        {t("registrations.outbox.to", { recipient: message.recipient })}
      </p>
      <p className="hint no-print">{t(sms ? "registrations.outbox.smsNote" : "registrations.outbox.emailNote")}</p>
      {message.notBefore ? (
        <p data-testid="outbox-not-before">{t("appointments.outbox.notBefore", { date: formatDateTime(message.notBefore) })}</p>
      ) : null}
      {message.status === "failed" && message.error ? (
        <p className="error">{t("registrations.outbox.failed", { error: message.error })}</p>
      ) : null}
      <pre className="outbox-body">{message.body}</pre>
      <div className="actions no-print">
        <CopyButton
          text={message.body}
          label={t("registrations.outbox.copy", { name: registration?.name ?? message.recipient })}
          copiedLabel={t("registrations.copied")}
        />
        {registration ? (
          <a href={`/sessions/${registration.session.id}/invitations/${registration.id}.ics`} download>
            {t("registrations.outbox.ics")}
          </a>
        ) : null}
        <Form method="post">
          <input type="hidden" name="messageId" value={message.id} />
          <button type="submit" className="button small" disabled={busy}>
            {t("registrations.outbox.delivered")}
            <span className="visually-hidden"> {registration?.name ?? message.recipient}</span>
          </button>
        </Form>
      </div>
    </li>
  );
}
