import type { LoaderFunctionArgs } from "@remix-run/node";
import { indicatorsDownload } from "~/indicators/export-download.server";

/** The practice-exchange series' indicators for the period in the address, as a file for a funder. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return indicatorsDownload(context.db, request, { kind: "series", seriesId: params.seriesId ?? "" }, "csv");
}
