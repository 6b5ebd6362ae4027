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
export function Link({ to, prefetch: _prefetch, reloadDocument: _reload, ...rest }: Props & { to: string }) {
  return <a href={to} {...rest} />;
}

/** A form posted by the browser; Remix answers with the page and the action's data in its island. */
export function Form({ preventScrollReset: _keep, reloadDocument: _reload, navigate: _navigate, ...rest }: Props) {
  return <form {...rest} />;
}

/** The action's answer to the post that rendered this page, written in the page's island. */
export function useActionData<T>(): T | undefined {
  return (readIsland<unknown, T>()?.answer ?? undefined) as T | undefined;
}

/** "submitting" from the moment a form of the page is posted until the browser leaves the page. */
export function useNavigation(): { state: "idle" | "submitting" } {
  const [state, setState] = useState<"idle" | "submitting">("idle");
  useEffect(() => {
    // After the browser has read the form: a button disabled during the submit event would leave
    // the pressed button's name and value out of what is posted.
    const submitting = (event: Event) => {
      if (!event.defaultPrevented) setTimeout(() => setState("submitting"), 0);
    };
    // Back to a page kept by the browser's back/forward cache: nothing is on its way any more.
    const shown = () => setState("idle");
    window.addEventListener("submit", submitting);
    window.addEventListener("pageshow", shown);
    return () => {
      window.removeEventListener("submit", submitting);
      window.removeEventListener("pageshow", shown);
    };
  }, []);
  return { state };
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

async function fetchRoute(url: URL, init?: RequestInit): Promise<RouteResult | Record<string, RouteResult>> {
  const response = await fetch(url, { credentials: "same-origin", ...init });
  if (!response.body) return {};
  const decoded = await decode(response.body, {
    plugins: [(type: string, ...rest: unknown[]) => (type === "SingleFetchRedirect" ? { value: { redirect: rest[0] } } : undefined)],
  });
  return decoded.value as RouteResult | Record<string, RouteResult>;
}

/** A loader's answer holds every matched route's result: the fetched route is the deepest, after root. */
function deepestRoute(results: Record<string, RouteResult>): RouteResult | undefined {
  const ids = Object.keys(results).filter((id) => id !== "root");
  return ids.length > 0 ? results[ids[ids.length - 1]] : undefined;
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
  loaded.add(() => {
    void fetchRoute(dataUrl(location.pathname)).then((results) => {
      const data = settle(deepestRoute(results as Record<string, RouteResult>));
      if (data !== undefined) render(data);
    });
  });
}

/** Remix's useFetcher, the part the light pages use: load a route's data, post a form in place. */
export function useFetcher<T>() {
  const [state, setState] = useState<FetcherState>("idle");
  const [data, setData] = useState<T | undefined>(undefined);
  const live = useRef(true);
  const reload = useRef<(() => void) | null>(null);
  useEffect(
    () => () => {
      live.current = false;
      if (reload.current) loaded.delete(reload.current);
    },
    [],
  );
  const run = useCallback(async (next: FetcherState, work: () => Promise<unknown>) => {
    setState(next);
    try {
      const value = (await work()) as T | undefined;
      if (live.current) setData(value);
    } finally {
      if (live.current) setState("idle");
    }
  }, []);
  const load = useCallback(
    (href: string) => {
      if (reload.current) loaded.delete(reload.current);
      reload.current = () => load(href);
      loaded.add(reload.current);
      void run("loading", async () => settle(deepestRoute((await fetchRoute(dataUrl(href))) as Record<string, RouteResult>)));
    },
    [run],
  );
  const FetcherForm = useMemo(
    () =>
      function FetcherForm({ action, preventScrollReset: _keep, ...rest }: Props & { action?: string }) {
        const onSubmit = (event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          const form = event.currentTarget;
          const submitter = (event.nativeEvent as SubmitEvent).submitter;
          const body = new URLSearchParams();
          for (const [name, value] of new FormData(form)) if (typeof value === "string") body.append(name, value);
          if (submitter instanceof HTMLButtonElement && submitter.name) body.append(submitter.name, submitter.value);
          const target = dataUrl(action ?? location.pathname + location.search);
          void run("submitting", async () => {
            const answer = settle((await fetchRoute(target, { method: "POST", body })) as RouteResult);
            for (const again of [...loaded]) again();
            return answer;
          });
        };
        return <form action={action} method="post" {...rest} onSubmit={onSubmit} />;
      },
    [run],
  );
  return { state, data, load, Form: FetcherForm };
}
