// Pages that work without React in the browser (issue 13): the join page is a plain form posted by the
// browser itself, so a cheap phone on a slow network does not download, parse and hydrate React and
// Remix (0.6–0.8 s of a CPU ×4 on the bench) for two text fields. Such a route says so in its
// `handle`; app/root.tsx then leaves out Remix's scripts and, instead, asks the browser to fetch the
// modules of the page that comes next, so that they are in its cache when the person submits.
import { UNSAFE_RemixContext, useMatches } from "@remix-run/react";
import { useContext } from "react";

export interface PageScriptsHandle {
  /** false: the page is served as plain HTML, no Remix or React script (the route must work without). */
  scripts?: false;
  /** The route whose modules are fetched ahead of time instead (`routes/contribute.$sessionId`). */
  preloadRoute?: string;
}

/** What the current page's routes say about scripts: served with them, or plain with a route to preload. */
export function usePageScripts(): { scripts: boolean; preloadRoute: string | null } {
  const handles = useMatches().map((match) => (match.handle ?? {}) as PageScriptsHandle);
  const plain = handles.some((handle) => handle.scripts === false);
  const preloadRoute = handles.map((handle) => handle.preloadRoute).find(Boolean) ?? null;
  return { scripts: !plain, preloadRoute: plain ? preloadRoute : null };
}

/**
 * `<link rel="modulepreload">` for everything a full load of `routeId` runs: the route manifest, Remix's entry, the root
 * route and that route, with their shared chunks, as the build's manifest names them. The files are
 * fingerprinted and cached for good (decision 011): the next page takes them from the cache.
 */
export function PreloadRouteModules({ routeId }: { routeId: string }) {
  const { manifest } = useContext(UNSAFE_RemixContext) ?? {};
  if (!manifest) return null;
  const parts = [manifest.entry, manifest.routes.root, manifest.routes[routeId]];
  // The manifest first: Remix's inline module script imports it before anything else.
  const hrefs = new Set<string>([manifest.url]);
  for (const part of parts) {
    if (!part) continue;
    for (const href of [...(part.imports ?? []), part.module]) if (href) hrefs.add(href);
  }
  return (
    <>
      {[...hrefs].map((href) => (
        <link key={href} rel="modulepreload" href={href} />
      ))}
    </>
  );
}
