// What the light pages' components use of Remix's browser API, for the Preact build of those pages
// (scripts/build-light.mjs aliases "@remix-run/react" here; docs/decisions/024). The server still
// renders them with the real Remix. Links and forms are the browser's own: a link loads a page, a
// form posts as a page does (Remix renders the answer), and a fetcher speaks Remix's single-fetch
// protocol (`<path>.data`, turbo-stream) as Remix's own fetchers do, so every route answers as it
// does for a page run by Remix.
import { decode } from "turbo-stream";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { readIsland } from "./island";

type Props = Record<string, unknown> & { children?: ReactNode };

/** A page link: the browser loads the page (the light pages do not route in the browser). */
export function Link({
  to,
  prefetch: _prefetch,
  reloadDocument: _reload,
  replace: _replace,
  state: _state,
  relative: _relative,
  preventScrollReset: _keep,
  viewTransition: _transition,
  ...rest
}: Props & { to: string }) {
  return <a href={to} {...rest} />;
}

let island: { answer?: unknown } | null | undefined;

/** The action's answer to the post that rendered this page (one posted without script), from its island. */
export function useActionData<T>(): T | undefined {
  if (island === undefined) island = readIsland<unknown, T>();
  return (island?.answer ?? undefined) as T | undefined;
}

type FetcherState = "idle" | "loading" | "submitting";

/** What Remix's server writes for one route (a fetcher's answer): data, an error thrown, or a redirect. */
type RouteResult = { data?: unknown; error?: unknown; redirect?: string };

/** `/a/b` → `/a/b.data`, as Remix's single fetch names a route's data. */
function dataUrl(href: string): URL {
  const url = new URL(href, location.href);
  url.pathname = url.pathname === "/" ? "/_root.data" : `${url.pathname.replace(/\/$/, "")}.data`;
  return url;
}

/** An answer that is not Remix's (a proxy's page, a refusal in plain text, no network): the fetcher failed. */
class NotRemixAnswer extends Error {}

async function fetchRoute(url: URL, init?: RequestInit): Promise<RouteResult | Record<string, RouteResult>> {
  const response = await fetch(url, { credentials: "same-origin", ...init });
  if (!response.body || response.headers.get("X-Remix-Response") !== "yes") throw new NotRemixAnswer(String(response.status));
  // The types Remix's server writes besides plain data (its own decoder's rules, single-fetch.js).
  const decoded = await decode(response.body, {
    plugins: [
      (type: string, ...rest: unknown[]) => {
        if (type === "SingleFetchRedirect") return { value: { redirect: rest[0] } };
        if (type === "SanitizedError") return { value: new Error(String(rest[1] ?? "")) };
        if (type === "ErrorResponse") return { value: new Error(`${String(rest[1])} ${String(rest[0] ?? "")}`) };
        return undefined;
      },
      (type: string, value: unknown) =>
        type === "SingleFetchFallback" ? { value: undefined } : type === "SingleFetchClassInstance" ? { value } : undefined,
    ],
  });
  return decoded.value as RouteResult | Record<string, RouteResult>;
}

/** A loader's answer holds every matched route's result: the fetched route is the deepest, after root. */
function deepestRoute(results: Record<string, RouteResult>): RouteResult | undefined {
  const ids = Object.keys(results).filter((id) => id !== "root");
  return ids.length > 0 ? results[ids[ids.length - 1]] : undefined;
}

/** A route's data as a fetcher's `load` reads it: its value, or throws (refused, not Remix's answer, offline). */
export async function loadRouteData(href: string): Promise<unknown> {
  return settle(deepestRoute((await fetchRoute(dataUrl(href))) as Record<string, RouteResult>));
}

/** A form posted in place to a route's action: its answer, or throws. */
export async function postRouteAction(href: string, body: URLSearchParams): Promise<unknown> {
  return settle((await fetchRoute(dataUrl(href), { method: "POST", body })) as RouteResult);
}

function settle(result: RouteResult | undefined): unknown {
  if (!result) return undefined;
  if (typeof result.redirect === "string") {
    location.assign(result.redirect);
    return undefined;
  }
  if ("error" in result) throw result.error instanceof Error ? result.error : new Error("route error");
  return result.data;
}

/**
 * Fetchers that loaded something, and the page's own data (onRevalidate), asked again after any
 * fetcher's post, as Remix revalidates after an action (an answered proposal leaves the list).
 */
const loaded = new Set<() => void>();

/** For a light entry: `render` again with the page's data read afresh after a post. */
export function onRevalidate(render: (data: unknown) => void): void {
  let asked = 0;
  loaded.add(() => {
    const mine = ++asked;
    loadRouteData(location.pathname)
      .then((data) => {
        // Only the latest answer is shown; a failed read leaves the screen as it is.
        if (data !== undefined && mine === asked) render(data);
      })
      .catch(() => undefined);
  });
}

/** Remix's useFetcher, the part the light pages use: load a route's data, post a form in place. */
export function useFetcher<T>() {
  const [state, setState] = useState<FetcherState>("idle");
  const [data, setData] = useState<T | undefined>(undefined);
  const live = useRef(true);
  const reload = useRef<(() => void) | null>(null);
  const asPage = useRef(false);
  useEffect(
    () => () => {
      live.current = false;
      if (reload.current) loaded.delete(reload.current);
    },
    [],
  );
  /** True when the work was done; false when it failed (the fetcher's data stays as it was). */
  const run = useCallback(async (next: FetcherState, work: () => Promise<unknown>) => {
    setState(next);
    try {
      const value = (await work()) as T | undefined;
      if (live.current) setData(value);
      return true;
    } catch {
      return false;
    } finally {
      if (live.current) setState("idle");
    }
  }, []);
  const load = useCallback(
    (href: string) => {
      if (reload.current) loaded.delete(reload.current);
      reload.current = () => load(href);
      loaded.add(reload.current);
      // A load that fails (offline, refused) leaves the data as it was: nothing to show is shown.
      void run("loading", () => loadRouteData(href));
    },
    [run],
  );
  const FetcherForm = useMemo(
    () =>
      function FetcherForm({ action, preventScrollReset: _keep, ...rest }: Props & { action?: string }) {
        const onSubmit = (event: FormEvent<HTMLFormElement>) => {
          const form = event.currentTarget;
          const submitter = (event.nativeEvent as SubmitEvent).submitter;
          // After a failed post in place: this time the browser posts the page, and shows the answer.
          if (asPage.current) {
            asPage.current = false;
            return;
          }
          event.preventDefault();
          const body = new URLSearchParams();
          for (const [name, value] of new FormData(form)) if (typeof value === "string") body.append(name, value);
          if (submitter instanceof HTMLButtonElement && submitter.name) body.append(submitter.name, submitter.value);
          void run("submitting", async () => {
            const answer = await postRouteAction(action ?? location.pathname + location.search, body);
            for (const again of [...loaded]) again();
            return answer;
          }).then((done) => {
            if (done || !form.isConnected) return;
            asPage.current = true;
            form.requestSubmit(submitter instanceof HTMLButtonElement ? submitter : undefined);
          });
        };
        return <form action={action} method="post" {...rest} onSubmit={onSubmit} />;
      },
    [run],
  );
  return { state, data, load, Form: FetcherForm };
}
