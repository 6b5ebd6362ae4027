import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePerson } from "~/auth/auth.server";
import { documentFile, fileDownload } from "~/diagnostic/documents.server";
import { notFound } from "~/lib/forms";

/** Downloads one of the signed-in person's own files; anything else is "not found". */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const document = await documentFile(context.db, person.id, params.documentId ?? "");
  if (!document?.content) throw notFound();
  return fileDownload({ ...document, content: document.content });
}
