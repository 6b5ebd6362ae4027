import type { LoaderFunctionArgs } from "@remix-run/node";
import { badgeOrigin } from "~/badges/issuing.server";
import { achievementDocument } from "~/badges/public-documents.server";

/** Public, for anyone checking a badge (app/badges/public-documents.server.ts). */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return achievementDocument(context.db, badgeOrigin(request, context), params.badgeClassId ?? "");
}
