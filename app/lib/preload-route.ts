// Fetching, ahead of time, the scripts of the page a person is about to open: on the join page, while
// they type the code and their name, the phone screen's few KB come down, so that after "Écrire depuis
// ce téléphone" only its data and its socket are left to wait for on a slow network (issue 13).
import { useEffect } from "react";

type ClientManifest = { routes?: Record<string, { module: string; imports?: string[] } | undefined> };

/** `routeId` as Remix names it (`routes/contribute.$sessionId`); the scripts are fetched, not run. */
export function usePreloadRoute(routeId: string): void {
  useEffect(() => {
    // Remix's whole route manifest is on the page (remix.config.js: no lazy route discovery).
    const route = (window as { __remixManifest?: ClientManifest }).__remixManifest?.routes?.[routeId];
    if (!route) return;
    const present = new Set(
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((link) => link.getAttribute("href")),
    );
    for (const href of [...(route.imports ?? []), route.module]) {
      if (present.has(href)) continue;
      const link = document.createElement("link");
      link.rel = "modulepreload";
      link.href = href;
      document.head.append(link);
    }
  }, [routeId]);
}
