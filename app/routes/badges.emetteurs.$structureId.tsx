import type { LoaderFunctionArgs } from "@remix-run/node";
import { badgeOrigin } from "~/badges/issuing.server";
import { issuerDocument } from "~/badges/public-documents.server";

/** Public, for anyone checking a badge (app/badges/public-documents.server.ts). */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return issuerDocument(context.db, badgeOrigin(request, context), params.structureId ?? "");
}
