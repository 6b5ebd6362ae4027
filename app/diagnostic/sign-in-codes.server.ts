// One-time codes that open a person's personal space without a password: a professional of the
// person's referent structure shows one on screen (or, when configured, it is sent by e-mail/SMS).
// Only the code's hash is stored; a code works once, for a short time.
import type { Db } from "../../prisma/db.js";
import { hashToken } from "../auth/auth.server.js";
import { readableCode } from "../sessions/sessions.server.js";
import { canWrite, diagnosticScope, type DiagnosticViewer } from "./access.server.js";
import { DiagnosticNotFound } from "./diagnostic.server.js";

export const SIGN_IN_CODE_LENGTH = 8;
const VALID_MINUTES = 30;

/** What people type: case, spaces and dashes are forgiven (same alphabet as join codes, no look-alikes). */
export function normalizeSignInCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

/** A new code for the person, for their referent structure only. Earlier unused codes stop working. */
export async function createSignInCode(db: Db, viewer: DiagnosticViewer, personId: string) {
  const scope = await diagnosticScope(db, viewer, personId);
  if (viewer.kind !== "professional" || !canWrite(scope)) throw new DiagnosticNotFound();
  const code = readableCode(SIGN_IN_CODE_LENGTH);
  const expiresAt = new Date(Date.now() + VALID_MINUTES * 60_000);
  await db.$transaction([
    db.personSignInCode.updateMany({ where: { personId, kind: "code", usedAt: null }, data: { usedAt: new Date() } }),
    db.personSignInCode.create({ data: { personId, codeHash: hashToken(code), expiresAt } }),
  ]);
  return { code, expiresAt };
}

/** The person a valid code belongs to, the code then spent; null for anything else. */
export async function redeemSignInCode(db: Db, input: string): Promise<string | null> {
  const code = normalizeSignInCode(input);
  if (code.length !== SIGN_IN_CODE_LENGTH) return null;
  const now = new Date();
  const spent = await db.personSignInCode.updateManyAndReturn({
    where: { codeHash: hashToken(code), kind: "code", usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
    select: { personId: true },
  });
  return spent[0]?.personId ?? null;
}
