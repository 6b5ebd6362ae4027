import { z } from "zod";

/** Outgoing mail settings, read from the environment (server/env.ts checks them at boot with the rest). */
export const mailSettingsSchema = z.object({
  /** Outgoing mail for invitations (smtp:// or smtps:// URL); absent: messages wait in the outbox page. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "doit commencer par smtp:// ou smtps://")
    .optional(),
  /** Sender address of invitations, e.g. "Atelier commun <ateliers@exemple.fr>". */
  SMTP_FROM: z.string().min(3).optional(),
});
