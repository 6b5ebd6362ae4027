// Her badge as a file: the signed Open Badges 3.0 credential, exactly as issued.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePerson } from "~/auth/auth.server";
import { personCredential } from "~/badges/awards.server";
import { notFound } from "~/lib/forms";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const credential = await personCredential(context.db, person.id, params.awardId ?? "");
  if (!credential) throw notFound();
  return new Response(credential.json, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${credential.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
