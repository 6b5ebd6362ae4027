// The documents a person adds to their personal space: a CV, a certificate, an Open Badge, as a
// link or as a small file. Every query names the person in its `where`: nobody reaches another
// person's document, and an unknown or foreign id looks the same (null → 404).
import { unstable_createMemoryUploadHandler as createMemoryUploadHandler, MaxPartSizeExceededError } from "@remix-run/node";
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { isMessageKey, type MessageKey } from "../i18n";
import { readMultipartForm } from "../lib/request-body.server.js";
import { DOCUMENT_TITLE_MAX } from "./field-lengths";

export const DOCUMENT_KINDS = ["cv", "certificate", "badge", "other"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Largest file kept, in bytes (5 MB): enough for a scanned certificate, small for a phone's data plan. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
/**
 * Largest upload request: the file plus the form's other fields and multipart framing. Enforced in
 * front of Remix (server/http/body-limit.ts), which answers 413 before reading a larger body.
 */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_DOCUMENT_BYTES + 64 * 1024;

/** Accepted types, with the first bytes a real file of that type starts with (zip for docx/odt). */
const ACCEPTED_TYPES: Record<string, { extensions: string[]; magic: (bytes: Uint8Array) => boolean }> = {
  "application/pdf": { extensions: ["pdf"], magic: (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]) },
  "image/png": { extensions: ["png"], magic: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  "image/jpeg": { extensions: ["jpg", "jpeg"], magic: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  "image/webp": { extensions: ["webp"], magic: (b) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && ascii(b, 8, 12) === "WEBP" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { extensions: ["docx"], magic: isZip },
  "application/vnd.oasis.opendocument.text": { extensions: ["odt"], magic: isZip },
};
export const ACCEPT_ATTRIBUTE = [
  ...Object.keys(ACCEPTED_TYPES),
  ...Object.values(ACCEPTED_TYPES).flatMap((t) => t.extensions.map((e) => `.${e}`)),
].join(",");

const message = (key: MessageKey) => ({ message: key });

/** The typed part of the form; the file is checked by `checkDocumentFile`. */
export const documentInputSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS, message("espace.documents.error.kind")),
  title: z
    .string(message("espace.documents.error.title"))
    .trim()
    .min(1, message("espace.documents.error.title"))
    .max(DOCUMENT_TITLE_MAX, message("espace.documents.error.title")),
  url: z
    .string(message("espace.documents.error.url"))
    .trim()
    .max(2000, message("espace.documents.error.url"))
    .refine((value) => value === "" || isHttpsUrl(value), message("espace.documents.error.url"))
    .default(""),
});

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export type DocumentErrors = Partial<Record<"kind" | "title" | "url" | "file" | "form", MessageKey>>;

/** The file if it is one we keep, with its checked type; otherwise the reason, in the person's words. */
export function checkDocumentFile(file: UploadedFile): { ok: true; mimeType: string } | { ok: false; error: MessageKey } {
  if (file.bytes.byteLength > MAX_DOCUMENT_BYTES) return { ok: false, error: "espace.documents.error.tooBig" };
  if (file.bytes.byteLength === 0) return { ok: false, error: "espace.documents.error.empty" };
  const extension = file.name.split(".").pop()?.toLowerCase() ?? "";
  // Some phones declare no type (or a generic one): the extension then says what it claims to be.
  const declared =
    file.type && file.type !== "application/octet-stream"
      ? file.type.toLowerCase()
      : (Object.entries(ACCEPTED_TYPES).find(([, accepted]) => accepted.extensions.includes(extension))?.[0] ?? "");
  const accepted = ACCEPTED_TYPES[declared];
  if (!accepted || !accepted.magic(file.bytes)) return { ok: false, error: "espace.documents.error.type" };
  return { ok: true, mimeType: declared };
}

/**
 * Reads the multipart form with Remix's memory upload handler. A file over the limit does not
 * fail the whole form: it is read to the end and dropped, so the typed fields come back intact.
 */
export async function parseDocumentUpload(request: Request) {
  const memory = createMemoryUploadHandler({ maxPartSize: MAX_DOCUMENT_BYTES });
  let tooBig = false;
  const form = await readMultipartForm(request, async (part) => {
    try {
      return await memory(part);
    } catch (error) {
      if (!(error instanceof MaxPartSizeExceededError) || part.name !== "file") throw error;
      tooBig = true;
      // The rest of this part is at most the request limit's overhead: read and dropped.
      for await (const chunk of part.data) void chunk;
      return undefined;
    }
  });
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") values[key] = value;
  const entry = form.get("file");
  const file =
    entry instanceof File && entry.name !== "" && entry.size > 0
      ? { name: entry.name, type: entry.type, bytes: new Uint8Array(await entry.arrayBuffer()) }
      : null;
  return { values, file, tooBig };
}

/** Adds a link or a file, exactly one of them, after checking both. */
export async function addDocument(
  db: Db,
  personId: string,
  values: Record<string, string>,
  file: UploadedFile | null,
  tooBig = false,
): Promise<{ ok: true } | { ok: false; errors: DocumentErrors }> {
  const parsed = documentInputSchema.safeParse(values);
  const errors: DocumentErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors[String(issue.path[0]) as keyof DocumentErrors] ??= isMessageKey(issue.message) ? issue.message : "form.error.invalid";
    }
  }
  const url = parsed.success ? parsed.data.url : (values.url ?? "").trim();
  let mimeType = "";
  if (tooBig) errors.file = "espace.documents.error.tooBig";
  else if (file && url) errors.file = "espace.documents.error.both";
  else if (!file && !url && !errors.url) errors.file = "espace.documents.error.none";
  else if (file) {
    const checked = checkDocumentFile(file);
    if (checked.ok) mimeType = checked.mimeType;
    else errors.file = checked.error;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  await db.personDocument.create({
    data: {
      personId,
      kind: parsed.data.kind,
      title: parsed.data.title,
      ...(file
        ? { fileName: storedFileName(file.name, mimeType), mimeType, size: file.bytes.byteLength, content: file.bytes }
        : { url: parsed.data.url }),
    },
  });
  return { ok: true };
}

/** The person's documents, without their bytes. */
export function listDocuments(db: Db, personId: string) {
  return db.personDocument.findMany({
    where: { personId },
    orderBy: { createdAt: "desc" },
    select: { id: true, kind: true, title: true, url: true, fileName: true, mimeType: true, size: true, createdAt: true },
  });
}

/** One of the person's own files, with its bytes; null for a link, someone else's or an unknown id. */
export function documentFile(db: Db, personId: string, documentId: string) {
  return db.personDocument.findFirst({
    where: { id: documentId, personId, content: { not: null } },
    select: { fileName: true, mimeType: true, content: true },
  });
}

export async function deleteDocument(db: Db, personId: string, documentId: string): Promise<boolean> {
  const { count } = await db.personDocument.deleteMany({ where: { id: documentId, personId } });
  return count === 1;
}

/**
 * The name a file is kept and served under: the client's name only lends its readable part; the
 * extension comes from the type we detected, so "cv.pdf.exe", "../../x" or a right-to-left trick
 * ("cv\u202Efdp.exe") all come out as a plain "….pdf". Used on save and again on download.
 */
export function storedFileName(clientName: string, mimeType: string): string {
  const extension = ACCEPTED_TYPES[mimeType]?.extensions[0] ?? SERVED_ONLY_EXTENSIONS[mimeType] ?? "bin";
  const base = clientName
    .normalize("NFC")
    .replace(/^.*[/\\]/, "") // a path sent as the name: keep its last segment
    .replace(/\.[^.]*$/, "") // the client's extension says nothing we trust
    .replace(/[^\p{L}\p{N} ._()-]/gu, "_") // controls, separators, invisible and direction marks
    .replace(/_+/g, "_")
    .replace(/^[ ._-]+|[ ._-]+$/g, "")
    .slice(0, 80);
  return `${base || "document"}.${extension}`;
}

/**
 * Types the product writes itself but never accepts from an upload: an accepted badge's signed
 * credential (app/badges) is JSON-LD, served as a ".json" file.
 */
const SERVED_ONLY_EXTENSIONS: Record<string, string> = {
  "application/json": "json",
  "application/ld+json": "json",
  "application/vc+ld+json": "json",
  "application/vc": "json",
};

/**
 * A stored file as a download: always an attachment (never rendered by the browser on our origin),
 * its type not guessed, kept by no cache, and no address sent on to another site.
 */
export function fileDownload(file: { fileName: string | null; mimeType: string | null; content: Uint8Array<ArrayBuffer> }): Response {
  return new Response(file.content, {
    headers: {
      "Content-Type": file.mimeType ?? "application/octet-stream",
      "Content-Disposition": attachmentHeader(file.fileName ?? "document", file.mimeType ?? ""),
      "Content-Length": String(file.content.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "no-referrer",
    },
  });
}

/** `Content-Disposition` for a download, with an ASCII fallback name and the real one in UTF-8 (RFC 6266/8187). */
export function attachmentHeader(fileName: string, mimeType: string): string {
  const name = storedFileName(fileName, mimeType);
  const fallback =
    name
      .normalize("NFKD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/["\\%]/g, "_") || "document";
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
}
