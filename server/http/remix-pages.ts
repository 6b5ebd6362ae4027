// Remix behind Express, as @remix-run/express does it, with one thing more for the participant's
// phone (issue 13, docs/decisions/024): a join posted by the browser that Remix answers with a
// redirect to the phone screen is answered with the phone screen itself. On slow 4G the redirect
// costs a round trip (170 ms, 300 ms on 3G) before the screen's HTML can even be asked for; the
// screen's page puts its own address in the history (an inline script), so a reload asks for it, not
// for the post again.
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";

/** The join form's two addresses (`/join`, `/join/<code>`), as a page posts them (not Remix's `.data`). */
const JOIN_PAGE = /^\/join(\/[^/.]+)?\/?$/;
/** Where a join sends a person to the phone screen (app/sessions/join.server.ts). */
const PHONE_SCREEN = /^\/contribute\/[^/?#.]+$/;

export function remixPages(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}): RequestHandler {
  const handle = createRequestHandler(options.build, options.mode);
  return async (req, res, next) => {
    try {
      const request = createRemixRequest(req, res);
      const context = options.getLoadContext(req, res);
      const response = await handle(request, context);
      await sendRemixResponse(res, await answerJoinWithScreen(request, response, (followed) => handle(followed, context)));
    } catch (error) {
      next(error);
    }
  };
}

/**
 * A join's redirect to the phone screen, followed here: the screen is asked for with the seat's
 * cookie the redirect sets, and answered with that cookie. Anything else (a field error, the board,
 * the waiting room, a screen that does not answer 200) goes out as Remix answered it.
 */
export async function answerJoinWithScreen(
  request: Request,
  response: Response,
  handle: (request: Request) => Promise<Response>,
): Promise<Response> {
  if (request.method !== "POST" || response.status !== 302 || !JOIN_PAGE.test(new URL(request.url).pathname)) return response;
  const location = response.headers.get("Location") ?? "";
  if (!PHONE_SCREEN.test(location)) return response;
  const setCookies = response.headers.getSetCookie();
  const headers = new Headers(request.headers);
  for (const name of ["content-type", "content-length", "transfer-encoding", "origin"]) headers.delete(name);
  headers.set("Cookie", cookieHeaderWith(request.headers.get("Cookie"), setCookies));
  let screen: Response;
  try {
    screen = await handle(new Request(new URL(location, request.url), { method: "GET", headers, signal: request.signal }));
  } catch {
    // The seat is taken: the browser follows the redirect itself and sees whatever the screen says.
    return response;
  }
  if (screen.status !== 200) {
    await screen.body?.cancel();
    return response;
  }
  const answer = new Headers(screen.headers);
  for (const cookie of setCookies) answer.append("Set-Cookie", cookie);
  return new Response(screen.body, { status: 200, headers: answer });
}

/** The request's cookies as the browser will send them once it has stored `setCookies`. */
export function cookieHeaderWith(cookieHeader: string | null, setCookies: string[]): string {
  const pairs = new Map<string, string>();
  for (const pair of (cookieHeader ?? "").split(";")) {
    const trimmed = pair.trim();
    const name = trimmed.slice(0, Math.max(0, trimmed.indexOf("="))) || trimmed;
    if (trimmed && !pairs.has(name)) pairs.set(name, trimmed);
  }
  for (const cookie of setCookies) {
    const given = cookie.split(";")[0].trim();
    const name = given.slice(0, given.indexOf("="));
    if (name) pairs.set(name, given);
  }
  return [...pairs.values()].join("; ");
}
