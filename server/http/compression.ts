// Text over a slow phone network (issue 13, docs/decisions/011). Build assets are compressed once, at
// build time, at the best level (scripts/precompress-build.mjs writes `.br` and `.gz` beside each
// file) and served as they are; everything else that is text — pages, `.data`, tldraw's
// translations — is compressed on the fly by the `compression` middleware at a fast level.
import { stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import compression from "compression";
import express, { type RequestHandler, type Response } from "express";
import { subresourceHeaders } from "./security-headers.js";

/** Brotli level 4: about gzip's speed with smaller output; pages are a few KB. */
export function compressResponses(): RequestHandler {
  return compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
}

/** `/build`: fingerprinted files, kept by browsers for a year without asking again; their precompressed twin when there is one. */
export function buildAssets(root: string): RequestHandler[] {
  return [precompressedAssets(root), express.static(root, { immutable: true, maxAge: "1y", setHeaders: precompressedHeaders })];
}

/** The encodings a client accepts, from its Accept-Encoding (anything odd is simply not accepted). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? "").slice(0, 512).split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    if (name) accepted.add(name);
  }
  return accepted;
}

const PRECOMPRESSED = [
  { encoding: "br", extension: ".br" },
  { encoding: "gzip", extension: ".gz" },
] as const;

/**
 * For a file of `root` that has a `.br` (or `.gz`) twin and a client that accepts it: the request is
 * pointed at the twin, and `staticHeaders` (given to express.static) labels it with the original's
 * type and the encoding. Without a twin, the plain file goes on to express.static (and is compressed
 * on the fly like any text).
 */
export function precompressedAssets(root: string): RequestHandler {
  const base = path.resolve(root);
  return async (request, response, next) => {
    if (request.method !== "GET" && request.method !== "HEAD") return next();
    response.vary("Accept-Encoding");
    let relative: string;
    try {
      relative = decodeURIComponent(request.path);
    } catch {
      return next();
    }
    const file = path.resolve(base, `.${relative}`);
    if (!file.startsWith(`${base}${path.sep}`) || relative.includes("\0")) return next();
    const accepted = acceptedEncodings(request.headers["accept-encoding"]);
    for (const { encoding, extension } of PRECOMPRESSED) {
      if (!accepted.has(encoding)) continue;
      const twin = await stat(`${file}${extension}`).catch(() => null);
      if (!twin?.isFile()) continue;
      response.locals.precompressed = encoding;
      const query = request.url.indexOf("?");
      request.url = `${query < 0 ? request.url : request.url.slice(0, query)}${extension}${query < 0 ? "" : request.url.slice(query)}`;
      return next();
    }
    next();
  };
}

/** express.static's `setHeaders`: a twin we chose is sent with its original's Content-Type and its encoding. */
export function precompressedHeaders(response: ServerResponse, file: string): void {
  subresourceHeaders(response, file);
  const encoding = (response as Response).locals?.precompressed as string | undefined;
  if (!encoding) return;
  response.setHeader("Content-Encoding", encoding);
  const type = CONTENT_TYPES[path.extname(file.slice(0, -3))];
  if (type) response.setHeader("Content-Type", type);
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".html": "text/html; charset=utf-8",
};
