import { z } from "zod";

export const DECISIONS_MAX = 4000;

/** The report page's one field, read again by the PDF and Markdown downloads (it is not stored). */
export const decisionsFormSchema = z.object({
  decisions: z.string().max(DECISIONS_MAX, "report.error.decisions").default(""),
});
