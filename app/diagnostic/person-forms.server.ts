// The personal space's forms (issue 14): their schemas stay on the server, so that the person's
// pages load no zod in the browser (decision 011). Read with parseForm in the routes' actions.
import { z } from "zod";
import { isCalendarDay } from "../lib/paris-dates.js";
import { ENTRY_TEXT_MAX } from "./field-lengths.js";

const id = z.string().min(1).max(64);

/** The diagnostic page: accept or decline a proposal, or write one's own words on an entry. */
export const personDiagnosticActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), outcomeId: id }),
  z.object({ intent: z.literal("decline"), outcomeId: id }),
  z.object({ intent: z.literal("words"), entryId: id, personWords: z.string().trim().max(ENTRY_TEXT_MAX) }),
]);

/** Erasure: the word typed to confirm, whatever its case or surrounding spaces. */
export const erasureConfirmSchema = z.object({ confirm: z.string().trim().toUpperCase().pipe(z.literal("EFFACER")) });

/** Documents: delete one (adding one is a multipart upload, read by parseDocumentUpload). */
export const deleteDocumentSchema = z.object({ intent: z.literal("delete"), documentId: id });

/** Signing in with a one-time code (its checks are redeemSignInCode's). */
export const signInCodeSchema = z.object({ code: z.string().max(200) });

/** Sharing: withdraw one grant (granting is read with grantInputSchema). */
export const revokeGrantSchema = z.object({ grantId: id });

/** Sharing: extend one grant to a new last day (a Paris calendar day); its limits are checked by renewGrant. */
export const renewGrantSchema = z.object({ grantId: id, until: z.string().refine(isCalendarDay) });
