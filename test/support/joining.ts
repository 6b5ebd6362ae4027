// Talking to the real server as a browser (or a script) joining a session would: one helper for
// every route and encoding of "look a code up" and "join", with a chosen client address.
import type { Db } from "../../prisma/db.js";
import { createSessionFor } from "./fixtures.js";

export interface Answer {
  status: number;
  /** The body with HTML's escapes undone, so that French text can be searched for as typed. */
  text: string;
  location: string | null;
  setCookie: string | null;
}

/** Every way of asking the server about a code: page and single-fetch data, loader and action. */
export type Route =
  "POST /join" | "POST /join.data" | "POST /join/<code>" | "POST /join/<code>.data" | "GET /join/<code>" | "GET /join/<code>.data";
export const ROUTES: Route[] = [
  "POST /join",
  "POST /join.data",
  "POST /join/<code>",
  "POST /join/<code>.data",
  "GET /join/<code>",
  "GET /join/<code>.data",
];

export function joiningClient(base: string) {
  return async function ask(route: Route, code: string, options: { from?: string; cookie?: string; name?: string } = {}): Promise<Answer> {
    const [method, pattern] = route.split(" ") as ["GET" | "POST", string];
    const path = pattern.replace("<code>", encodeURIComponent(code));
    const headers: Record<string, string> = { Origin: base };
    if (options.from) headers["X-Forwarded-For"] = options.from;
    if (options.cookie) headers.Cookie = options.cookie;
    const body = method === "POST" ? new URLSearchParams({ code, displayName: options.name ?? "Awa", view: "phone" }) : undefined;
    const response = await fetch(`${base}${path}`, { method, headers, body, redirect: "manual" });
    return {
      status: response.status,
      text: unescapeHtml(await response.text()),
      location: response.headers.get("location"),
      setCookie: response.headers.get("set-cookie"),
    };
  };
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** A session of this facilitator on a day counted from today (negative: in the past). */
export async function sessionOn(db: Db, userId: string, structureId: string, days: number) {
  const id = await createSessionFor(db, userId, structureId, days);
  return db.groupSession.findUniqueOrThrow({ where: { id } });
}
