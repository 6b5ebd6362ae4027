// The badges' forms (one schema for the page and its action). Messages are catalogue keys.
import { z } from "zod";
import type { MessageKey } from "~/i18n";

const message = (key: MessageKey) => ({ message: key });

/** Her answer to a proposed badge. */
export const badgeAnswerSchema = z.object({
  intent: z.enum(["accept", "decline"]),
  awardId: z.string().min(1).max(100),
});

/** The facilitator's award at closing. */
export const badgeAwardSchema = z.object({
  intent: z.literal("badge"),
  participantId: z.string().min(1, message("closing.error.participant")).max(100),
  badgeClassId: z.string().min(1, message("badges.error.badge")).max(100),
});

/** The structure revokes an issued badge, saying why. */
export const revokeSchema = z.object({
  awardId: z.string().min(1).max(100),
  reason: z.string().trim().min(1, message("badges.error.reason")).max(300, message("badges.error.reasonLong")),
});
