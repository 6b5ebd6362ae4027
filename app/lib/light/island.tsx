// A light page (docs/decisions/024) is rendered by React on the server, then taken over in the browser
// by Preact from its entry script: what the components need comes in the page as JSON beside them.
import type { ReactNode } from "react";

/** What a route's `handle` says to root: the light entry this page runs, or the one it fetches ahead. */
export interface LightHandle {
  light: { run?: LightEntry; preload?: LightEntry };
}

/** The light entries the build makes (scripts/build-light.mjs); each is a file of public/build/light. */
export type LightEntry = "phone";

export const LIGHT_ROOT_ID = "light-root";
const LIGHT_DATA_ID = "light-data";

/** What the entry reads back: the route's loader data, and its action data after a post. */
export interface Island<T, A = unknown> {
  data: T;
  answer?: A;
}

/**
 * A value as JSON inside a page's `<script>` (the island, the inline scripts' literals): `<` and the
 * line separators escaped, so that no value can close the script element it sits in.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The part of the page the entry takes over, and its data. Rendered alike by React and by Preact. */
export function LightRoot<T, A>({ island, children }: { island: Island<T, A>; children?: ReactNode }) {
  return (
    <>
      <div id={LIGHT_ROOT_ID}>{children}</div>
      <script type="application/json" id={LIGHT_DATA_ID} dangerouslySetInnerHTML={{ __html: scriptJson(island) }} />
    </>
  );
}

/** In the browser, the island the server wrote; null on a page without one. */
export function readIsland<T, A = unknown>(): Island<T, A> | null {
  const text = typeof document === "undefined" ? null : document.getElementById(LIGHT_DATA_ID)?.textContent;
  return text ? (JSON.parse(text) as Island<T, A>) : null;
}
