// When the outbox's round runs (app/appointments/reminders.server.ts): every five minutes, so that a
// reminder due at 10:00 Paris leaves by 10:05. Only with mail configured (SMTP_URL): otherwise
// messages wait on the outbox page and there is nothing to send. Every node runs it: messages are
// claimed one by one, so none leaves twice (app/appointments/reminders.server.ts).
import { Cron } from "croner";
import type { Db } from "../prisma/db.js";
import { runOutboxRound } from "../app/appointments/reminders.server.js";
import type { Mailer } from "../app/registrations/outbox.server.js";
import { PARIS_TIME_ZONE } from "../app/lib/paris-dates.js";
import { errorFields, type Logger } from "./log.js";

export const OUTBOX_SCHEDULE = "*/5 * * * *";

export function scheduleOutbox(options: { db: Db; mailer: Mailer | null; log: Logger }): { stop(): void } | null {
  const { mailer } = options;
  if (!mailer) return null;
  const job = new Cron(OUTBOX_SCHEDULE, { timezone: PARIS_TIME_ZONE, protect: true, name: "outbox" }, async () => {
    try {
      const sent = await runOutboxRound(options.db, mailer);
      if (sent) options.log.info({ module: "outbox", sent }, "outbox round");
    } catch (error) {
      options.log.error({ module: "outbox", err: errorFields(error) }, "outbox round failed");
    }
  });
  return { stop: () => job.stop() };
}
