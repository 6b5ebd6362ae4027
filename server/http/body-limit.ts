// No request body is read unbounded. Each route has a ceiling (small for forms, the document limit
// for uploads); a body announced larger is answered 413 at once, before a byte of it is read. A
// body of unannounced length (Transfer-Encoding: chunked) is refused with 411: every browser
// announces the length of a form or a file it sends, so only a tool or an attacker streams one, and
// a counting stream would have to fail half-way through the action instead of before it.
import type { Request, RequestHandler } from "express";
import { t } from "../../app/i18n/index.js";

export interface BodyLimitRule {
  /** Matched against the lower-cased, decoded path without a trailing slash or `.data` suffix. */
  path: RegExp;
  bytes: number;
}

/** Forms: a few fields of text; the largest (a workshop template's editor) stays far below this. */
export const FORM_BODY_BYTES = 64 * 1024;

export function limitBodies(rules: BodyLimitRule[], defaultBytes = FORM_BODY_BYTES): RequestHandler {
  return (request, response, next) => {
    const refuse = (status: 411 | 413, message: string) => {
      response.status(status).type("text/plain; charset=utf-8").send(message);
      discardBrieflyThenClose(request);
    };
    if (request.headers["transfer-encoding"] !== undefined) return refuse(411, t("http.body.lengthRequired"));
    const announced = request.headers["content-length"];
    if (announced === undefined) return next(); // no length and no chunking: the body is empty
    const limit = rules.find((rule) => rule.path.test(routePath(request.path)))?.bytes ?? defaultBytes;
    if (!/^\d+$/.test(announced) || Number(announced) > limit) {
      return refuse(413, t("http.body.tooLarge", { size: readableSize(limit) }));
    }
    next();
  };
}

/** How long, and how much, of a refused body is thrown away before the connection is cut. */
const LINGER_MS = 10_000;
const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * Closing a connection while the client is still sending makes the kernel reset it, and a reset
 * can wipe the answer before the browser shows it ("connection reset" instead of our sentence).
 * So the rest of a refused body is read and dropped — never kept, never parsed — for a bounded
 * time and amount, then the connection is closed.
 */
function discardBrieflyThenClose(request: Request): void {
  const socket = request.socket;
  let discarded = 0;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  request.on("data", (chunk: Buffer) => {
    discarded += chunk.byteLength;
    if (discarded > LINGER_BYTES) socket.destroy();
  });
  request.once("end", () => {
    clearTimeout(timer);
    socket.end();
  });
  request.resume();
}

function routePath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // left as sent: it then matches no larger limit, which is the safe side
  }
  return (
    decoded
      .toLowerCase()
      .replace(/\.data$/, "")
      .replace(/\/+$/, "") || "/"
  );
}

function readableSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} Mo` : `${Math.floor(bytes / 1024)} Ko`;
}
