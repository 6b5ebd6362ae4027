// The one way an action reads what was posted. The size is already capped in front of Remix
// (server/http/body-limit.ts); here a body that cannot be read as the form it claims to be — wrong
// type, bytes that are not UTF-8, broken percent-escapes, multipart without boundary or cut short —
// is answered 400 with a French sentence, never left to throw as a 500.
import { unstable_parseMultipartFormData as parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { t } from "../i18n/index.js";

/** A 400 answer with a French reason, thrown from an action. */
export function unreadableBody(): Response {
  return new Response(t("http.body.unreadable"), {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** The posted form (URL-encoded or multipart without files of interest), or a thrown 400. */
export async function readForm(request: Request): Promise<FormData> {
  const type = mediaType(request);
  if (type === "application/x-www-form-urlencoded") return parseUrlEncoded(await readUtf8(request));
  if (type === "multipart/form-data") {
    requireBoundary(request);
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw unreadableBody();
    }
    refuseReplacementCharacters(form);
    return form;
  }
  throw unreadableBody();
}

/**
 * A multipart upload, streamed part by part through `handler`; malformed → a thrown 400. The
 * handler decides what an oversized part means (see documents.server.ts); whatever else fails while
 * parsing is the body's fault, not ours.
 */
export async function readMultipartForm(request: Request, handler: UploadHandler): Promise<FormData> {
  if (mediaType(request) !== "multipart/form-data") throw unreadableBody();
  requireBoundary(request);
  let form: FormData;
  try {
    form = await parseMultipartFormData(request, handler);
  } catch {
    throw unreadableBody();
  }
  refuseReplacementCharacters(form);
  return form;
}

// Both multipart parsers put U+FFFD where a field's bytes were not UTF-8: refuse rather than store mangled text.
function refuseReplacementCharacters(form: FormData): void {
  for (const [, value] of form) if (typeof value === "string" && value.includes("\uFFFD")) throw unreadableBody();
}

function mediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

function requireBoundary(request: Request): void {
  const boundary = /;\s*boundary=("?)([^";]{1,70})\1\s*(;|$)/i.exec(request.headers.get("Content-Type") ?? "");
  if (!boundary) throw unreadableBody();
}

async function readUtf8(request: Request): Promise<string> {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(await request.arrayBuffer());
  } catch {
    throw unreadableBody();
  }
}

/** `a=1&b=x+y`, strictly: a bad escape (`%zz`, `%FF` that is not UTF-8) is an error, not U+FFFD. */
function parseUrlEncoded(text: string): FormData {
  const form = new FormData();
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = equals === -1 ? pair : pair.slice(0, equals);
    const value = equals === -1 ? "" : pair.slice(equals + 1);
    form.append(decodeComponent(name), decodeComponent(value));
  }
  return form;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw unreadableBody();
  }
}
