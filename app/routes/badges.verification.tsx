// The verification for machines: GET ?badge=<id> checks one of our badges by its id; POST a
// credential (JSON body) checks it. The answer is JSON: valid, and the reason when not.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { badgeOrigin } from "~/badges/issuing.server";
import { CREDENTIAL_MAX_BYTES, verifyAward, verifyCredentialText } from "~/badges/verification.server";
import { t } from "~/i18n";

const headers = { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const awardId = new URL(request.url).searchParams.get("badge") ?? "";
  const result = awardId ? await verifyAward(context.db, badgeOrigin(request, context), awardId) : null;
  if (!result) return Response.json({ error: t("badges.verify.unknown") }, { status: 404, headers });
  return Response.json(result, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: t("http.badRequest") }, { status: 405, headers });
  const type = request.headers.get("Content-Type")?.split(";")[0]?.trim() ?? "";
  if (!["application/json", "application/ld+json", "application/vc+ld+json", "application/vc"].includes(type)) {
    return Response.json({ error: t("badges.verify.error.type") }, { status: 415, headers });
  }
  const body = await readLimited(request);
  if (body === null) return Response.json({ error: t("badges.verify.error.tooBig") }, { status: 413, headers });
  return Response.json(await verifyCredentialText(context.db, badgeOrigin(request, context), body), { headers });
}

/** The body as text, or null past the largest credential we read. */
async function readLimited(request: Request): Promise<string | null> {
  const reader = request.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > CREDENTIAL_MAX_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}
