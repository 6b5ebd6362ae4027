// One log line per HTTP request, once its answer is sent or abandoned: method, route, status, duration.
// The route is the page's pattern (/invitation/:token, never the token itself); a request no page
// matches (a build file, a stray address) is named by its path. Never the query string nor the body.
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { RequestHandler } from "express";
import type { Logger } from "../log.js";

/** How many characters of an unmatched path are kept: stray requests can be as long as they like. */
const MAX_PATH = 200;

interface BuildRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
}

/** A function naming the Remix route pattern a path matches (null when none does), from a build's routes. */
export function routePatterns(routes: Record<string, BuildRoute | undefined>): (path: string) => string | null {
  const all = Object.values(routes).filter((route): route is BuildRoute => route !== undefined);
  const childrenOf = (parentId: string | undefined): AgnosticRouteObject[] =>
    all
      .filter((route) => route.parentId === parentId)
      .map((route) =>
        route.index
          ? { id: route.id, path: route.path, index: true }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: childrenOf(route.id) },
      );
  const tree = childrenOf(undefined);
  return (path) => {
    try {
      decodeURI(path);
    } catch {
      return null; // not a path any page has (the router would warn on the console about it)
    }
    const matches = matchRoutes(tree, path);
    // Only the root layout matched: that is Remix's 404, not a page.
    if (!matches || !matches.some((match) => match.route.path)) return null;
    const pieces = matches.map((match) => match.route.path).filter((piece): piece is string => Boolean(piece));
    return `/${pieces.join("/")}`.replace(/\/{2,}/g, "/");
  };
}

export function requestLog(logger: Logger, routeOf: (path: string) => string | null = () => null): RequestHandler {
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    response.once("close", () => {
      const path = request.originalUrl.split("?", 1)[0] ?? "";
      let route: string | null = null;
      try {
        route = routeOf(path);
      } catch (error) {
        logger.debug({ err: { name: (error as Error).name } }, "route pattern not found");
      }
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const fields = {
        method: request.method.slice(0, 16),
        ...(route ? { route } : { path: path.slice(0, MAX_PATH) }),
        status: response.statusCode,
        ms,
        ...(response.writableFinished ? {} : { aborted: true }),
      };
      if (response.statusCode >= 500) logger.error(fields, "request");
      else logger.info(fields, "request");
    });
    next();
  };
}
