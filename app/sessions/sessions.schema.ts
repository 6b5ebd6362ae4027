import { z } from "zod";
import { SESSION_KINDS } from "../../workshops/schema.js";
import type { MessageKey } from "../i18n";

import { isWellFormedJoinCode, normalizeJoinCode } from "./join-code";
import { JOIN_NAME_MAX } from "./join-fields";

export { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, isWellFormedJoinCode, normalizeJoinCode } from "./join-code";

const message = (key: MessageKey) => ({ message: key });

/** The "new session" form, for the browser's constraints and the action alike. Messages are catalogue keys. */
export const newSessionSchema = z
  .object({
    structureId: z.string().min(1, message("session.error.structure")),
    kind: z.enum(SESSION_KINDS, message("session.error.kind")),
    title: z.string().trim().min(3, message("session.error.title")).max(120, message("session.error.title")),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, message("session.error.date")),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, message("session.error.time")),
    online: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()),
    place: z.string().trim().max(200, message("session.error.place")).optional().default(""),
    templateId: z.string().min(1, message("session.error.template")),
    /** Ticked to record, after the fact, a session held on paper: its start may then be past. */
    recordPast: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()).optional(),
  })
  .superRefine((input, ctx) => {
    if (!input.online && input.place.length === 0) {
      ctx.addIssue({ code: "custom", path: ["place"], message: "session.error.place" });
    }
    const [year, month, day] = input.date.split("-").map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      ctx.addIssue({ code: "custom", path: ["date"], message: "session.error.date" });
    }
  });

export type NewSessionInput = z.infer<typeof newSessionSchema>;

export const joinSchema = z.object({
  code: z.string().transform(normalizeJoinCode).refine(isWellFormedJoinCode, message("join.error.code")),
  displayName: z.string().trim().min(1, message("join.error.name")).max(JOIN_NAME_MAX, message("join.error.name")),
});
