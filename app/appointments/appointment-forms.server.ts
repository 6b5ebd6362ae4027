// The forms of appointments: publishing times, the professional's day, booking, her own link.
// Server-only (decision 011): the person's pages load no zod.
import { z } from "zod";
import type { MessageKey } from "../i18n/index.js";
import { isCalendarDay } from "../lib/paris-dates.js";
import { MARKS, MAX_SLOTS_AT_ONCE, SLOT_MODES, SLOT_PURPOSES } from "./appointments.server.js";

const message = (key: MessageKey) => ({ message: key });
const id = z.string().min(1).max(64);
const whole = (min: number, max: number, key: MessageKey) =>
  z.coerce.number(message(key)).int(message(key)).min(min, message(key)).max(max, message(key));

/** A time or a series of them: day and first time in Paris, length, how many, the gap between, mode and purpose. */
export const publishSchema = z
  .object({
    structureId: id,
    day: z.string().refine(isCalendarDay, message("appointments.error.day")),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, message("appointments.error.time")),
    minutes: whole(10, 240, "appointments.error.minutes"),
    count: whole(1, MAX_SLOTS_AT_ONCE, "appointments.error.count"),
    gap: z.preprocess((value) => (value === "" || value === undefined ? 0 : value), whole(0, 120, "appointments.error.gap")),
    mode: z.enum(SLOT_MODES, message("appointments.error.mode")),
    location: z.string().trim().max(300, message("appointments.error.location")).optional().default(""),
    purpose: z.enum(SLOT_PURPOSES, message("appointments.error.purpose")),
  })
  .superRefine((input, ctx) => {
    if (input.mode === "place" && input.location === "")
      ctx.addIssue({ code: "custom", path: ["location"], message: "appointments.error.place" });
    if (input.mode === "video" && !/^https:\/\/\S+$/.test(input.location))
      ctx.addIssue({ code: "custom", path: ["location"], message: "appointments.error.video" });
  });

/** The professional's actions on their times and day. */
export const proActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw"), slotId: id }),
  z.object({ intent: z.literal("mark"), appointmentId: id, mark: z.enum(MARKS) }),
  z.object({ intent: z.literal("clear-follow-up"), appointmentId: id }),
  z.object({
    intent: z.literal("invite"),
    structureId: id,
    personId: z
      .union([z.literal(""), id])
      .optional()
      .default(""),
  }),
]);

const optionalText = (max: number, key: MessageKey) => z.string().trim().max(max, message(key)).optional().default("");

/** Booking: the chosen time, a first name, and if she wishes one way to be reminded. */
export const bookSchema = z.object({
  slotId: id,
  name: z.string().trim().min(1, message("appointments.error.name")).max(80, message("appointments.error.name")),
  email: optionalText(200, "appointments.error.email").refine(
    (value) => value === "" || z.email().safeParse(value).success,
    message("appointments.error.email"),
  ),
  phone: optionalText(30, "appointments.error.phone").refine(
    (value) => value === "" || /^\+?[\d\s.-]{6,20}$/.test(value),
    message("appointments.error.phone"),
  ),
});

/** On her own link: cancel, or move to another time. */
export const ownActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("cancel") }),
  z.object({ intent: z.literal("move"), slotId: id }),
]);
