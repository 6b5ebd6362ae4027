import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePerson } from "~/auth/auth.server";
import { exportPersonData } from "~/diagnostic/export.server";

/** Everything about the signed-in person, as a JSON file to keep (file bytes in base64). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const body = JSON.stringify(await exportPersonData(context.db, person.id), null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="mes-donnees-atelier-commun.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
