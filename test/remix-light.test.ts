// The light pages' fetchers read Remix's own single-fetch answers (app/lib/light/remix-light.tsx,
// docs/decisions/024): encoded here by Remix's server encoder, as a route would answer them.
import { encodeViaTurboStream } from "@remix-run/server-runtime/dist/single-fetch.js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadRouteData, postRouteAction } from "../app/lib/light/remix-light.js";

const asked: { url: string; method: string; body: string }[] = [];

function remixAnswer(value: unknown, status = 200) {
  const body = encodeViaTurboStream(value, new AbortController().signal, 1000, "production" as Parameters<typeof encodeViaTurboStream>[3]);
  return new Response(body, { status, headers: { "Content-Type": "text/x-script", "X-Remix-Response": "yes" } });
}

function answerWith(response: () => Response | Promise<Response>) {
  vi.stubGlobal("fetch", async (url: URL, init?: RequestInit) => {
    asked.push({ url: String(url), method: init?.method ?? "GET", body: String(init?.body ?? "") });
    return response();
  });
}

beforeEach(() => {
  asked.length = 0;
  vi.stubGlobal("location", new URL("http://localhost/contribute/demo-pairs") as unknown as Location);
});
afterEach(() => vi.unstubAllGlobals());

describe("a light page's fetcher", () => {
  it("loads the route it names (the deepest of the answer, after root) from its .data address", async () => {
    answerWith(() =>
      remixAnswer({ root: { data: { user: null } }, "routes/contribute.$sessionId_.avis": { data: { questions: [1, 2] } } }),
    );
    expect(await loadRouteData("/contribute/demo-pairs/avis")).toEqual({ questions: [1, 2] });
    expect(asked).toEqual([{ url: "http://localhost/contribute/demo-pairs/avis.data", method: "GET", body: "" }]);
  });

  it("posts in place and reads the action's answer, a refusal's answer included", async () => {
    answerWith(() => remixAnswer({ data: { answered: "accept" } }));
    expect(await postRouteAction("/contribute/demo-pairs", new URLSearchParams({ outcomeId: "o1", answer: "accept" }))).toEqual({
      answered: "accept",
    });
    expect(asked[0]).toEqual({ url: "http://localhost/contribute/demo-pairs.data", method: "POST", body: "outcomeId=o1&answer=accept" });
    answerWith(() => remixAnswer({ data: { answered: null } }, 400));
    expect(await postRouteAction("/contribute/demo-pairs", new URLSearchParams())).toEqual({ answered: null });
  });

  it("throws on what a page cannot show: a route's error, an answer that is not Remix's, no network", async () => {
    answerWith(() => remixAnswer({ error: new Error("Introuvable") }, 404));
    await expect(postRouteAction("/contribute/demo-pairs", new URLSearchParams())).rejects.toThrow();
    answerWith(() => remixAnswer({ root: { data: {} }, "routes/x": { error: new Error("refusé") } }, 403));
    await expect(loadRouteData("/x")).rejects.toThrow();
    // A proxy's page, a plain-text refusal from a middleware (no X-Remix-Response).
    answerWith(() => new Response("<html>502</html>", { status: 502 }));
    await expect(loadRouteData("/x")).rejects.toThrow();
    answerWith(() => new Response("Trop de requêtes", { status: 429, headers: { "Content-Type": "text/plain" } }));
    await expect(postRouteAction("/x", new URLSearchParams())).rejects.toThrow();
    answerWith(() => Promise.reject(new TypeError("Failed to fetch")));
    await expect(loadRouteData("/x")).rejects.toThrow("Failed to fetch");
  });

  it("follows a redirect as the page would", async () => {
    const assign = vi.fn();
    vi.stubGlobal("location", Object.assign(new URL("http://localhost/contribute/demo-pairs"), { assign }) as unknown as Location);
    answerWith(() => remixAnswer({ redirect: "/join?raison=retire", status: 302, revalidate: false, reload: false, replace: false }, 202));
    expect(await postRouteAction("/contribute/demo-pairs", new URLSearchParams())).toBeUndefined();
    expect(assign).toHaveBeenCalledWith("/join?raison=retire");
  });
});
