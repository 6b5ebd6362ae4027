// Root's side of the light pages (docs/decisions/024): which script a page runs instead of Remix's.
import { createContext, useContext } from "react";
import type { LightEntry, LightHandle } from "./island";

/** Entry → its fingerprinted file, read from the build by the server (light-assets.server.ts); empty without one. */
export type LightManifest = Partial<Record<LightEntry, string>>;

const LightManifestContext = createContext<LightManifest>({});
export const LightManifestProvider = LightManifestContext.Provider;

/**
 * The light entries of the deepest route that names some, when the build has them all. Null means
 * the page runs Remix and React as every other page does (a build without light files falls back so).
 */
export function useLightPage(matches: { handle?: unknown }[]): { run?: string; preload?: string } | null {
  const manifest = useContext(LightManifestContext);
  const light = [...matches]
    .reverse()
    .map((match) => (match.handle as Partial<LightHandle> | undefined)?.light)
    .find(Boolean);
  if (!light) return null;
  const run = light.run ? manifest[light.run] : undefined;
  const preload = light.preload ? manifest[light.preload] : undefined;
  if ((light.run && !run) || (light.preload && !preload)) return null;
  return { run, preload };
}

/**
 * The light pages' one inline script, at the end of their body.
 * - Their forms are posted by the browser: a second tap while the first post is on its way (an old
 *   phone, a slow network) would post again, and a join twice takes two seats. Each form goes once,
 *   until the page is shown again (back/forward cache) or 10 s have passed (a post the network lost);
 *   Remix's forms did the same by disabling their buttons while busy.
 * - A page answered with field errors puts the focus on their summary, as ErrorSummary (app/ui/fields.tsx)
 *   does where React runs: a screen reader reads it first.
 */
export const LIGHT_PAGE_SCRIPT =
  'addEventListener("submit",function(e){var f=e.target;if(e.defaultPrevented)return;var t=Number(f.dataset.posted||0);' +
  "if(Date.now()-t<1e4){e.preventDefault();return}f.dataset.posted=String(Date.now())});" +
  'addEventListener("pageshow",function(){document.querySelectorAll("form[data-posted]").forEach(function(f){delete f.dataset.posted})});' +
  'var s=document.querySelector(".error-summary");if(s)s.focus();';
