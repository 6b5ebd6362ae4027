// The forms and posted answers of the person's ways in (passkeys, devices, sign-in links) and of the
// referent's choice. Server-only, like the personal space's other schemas (decision 011).
import { z } from "zod";

const id = z.string().min(1).max(64);
const b64url = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[A-Za-z0-9_-]+$/);

/** What @simplewebauthn/browser posts back: its shape only; the library checks everything it means. */
export const passkeyResponseSchema = z.looseObject({
  id: b64url,
  rawId: b64url,
  type: z.literal("public-key"),
  response: z.looseObject({ clientDataJSON: b64url }),
});

export const PASSKEY_LABEL_MAX = 60;
const label = z.string().trim().min(1, "espace.appareils.error.label").max(PASSKEY_LABEL_MAX, "espace.appareils.error.label");

/** A passkey ceremony's steps: ask for options, then post the authenticator's answer (JSON in a form field). */
export const passkeyRegisterSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("options") }),
  z.object({ intent: z.literal("verify"), response: z.string().max(32_000), label }),
]);
export const passkeySignInSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("options") }),
  z.object({ intent: z.literal("verify"), response: z.string().max(32_000) }),
]);

/** Her page of devices: rename or delete a passkey, sign one device out, or all of them. */
export const devicesActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), passkeyId: id, label }),
  z.object({ intent: z.literal("delete"), passkeyId: id }),
  z.object({ intent: z.literal("signOut"), sessionId: id }),
  z.object({ intent: z.literal("signOutEverywhere") }),
]);

/** Asking for a sign-in link: an address, as typed (any case, surrounding spaces). */
export const signInLinkSchema = z.object({
  email: z.string().trim().toLowerCase().max(200).pipe(z.email("espace.connexion.link.error")),
});

/** The professional's choice of referent: a member of the person's structure, or nobody (the structure). */
export const referentSchema = z.object({ referentUserId: z.union([z.literal(""), id]) });
