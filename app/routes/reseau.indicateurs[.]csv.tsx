import type { LoaderFunctionArgs } from "@remix-run/node";
import { indicatorsDownload } from "~/indicators/export-download.server";

/** The coordinator's network's indicators for the period in the address, as a file for a funder. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return indicatorsDownload(context.db, request, { kind: "network" }, "csv");
}
