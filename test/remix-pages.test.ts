// A join posted by the browser is answered with the phone screen itself, not a redirect to it
// (server/http/remix-pages.ts, docs/decisions/024): only that, only there, and with the new seat.
import { describe, expect, it } from "vitest";
import { answerJoinWithScreen, cookieHeaderWith } from "../server/http/remix-pages.js";

const SEAT = "atelier_p_demo-pairs=seat-token; Path=/; HttpOnly; SameSite=Lax";

function joinPost(path = "/join/PAR7AG", cookie?: string) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost", ...(cookie ? { Cookie: cookie } : {}) },
    body: "code=PAR7AG&displayName=Awa",
  });
}

function redirectTo(location: string, setCookie: string | null = SEAT) {
  const headers = new Headers({ Location: location });
  if (setCookie) headers.append("Set-Cookie", setCookie);
  return new Response(null, { status: 302, headers });
}

/** A Remix that answers the screen with a page saying which cookie it saw. */
function screenHandler(status = 200) {
  const asked: Request[] = [];
  const handle = async (request: Request) => {
    asked.push(request);
    return new Response(`<p>${request.headers.get("Cookie")}</p>`, {
      status,
      headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "script-src 'nonce-abc'" },
    });
  };
  return { asked, handle };
}

describe("a join answered with the phone screen", () => {
  it("follows the redirect with the seat's cookie, and answers the screen with that cookie and the screen's own headers", async () => {
    const { asked, handle } = screenHandler();
    const answer = await answerJoinWithScreen(joinPost("/join/PAR7AG", "theme=x"), redirectTo("/contribute/demo-pairs"), handle);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("<p>theme=x; atelier_p_demo-pairs=seat-token</p>");
    expect(answer.headers.getSetCookie()).toEqual([SEAT]);
    expect(answer.headers.get("Content-Security-Policy")).toBe("script-src 'nonce-abc'");
    expect(asked).toHaveLength(1);
    expect(asked[0].method).toBe("GET");
    expect(new URL(asked[0].url).pathname).toBe("/contribute/demo-pairs");
    expect(asked[0].headers.get("Content-Type")).toBeNull();
  });

  it("someone already seated (no new cookie) gets the screen with the cookie they have", async () => {
    const { handle } = screenHandler();
    const answer = await answerJoinWithScreen(
      joinPost("/join", "atelier_p_demo-pairs=old"),
      redirectTo("/contribute/demo-pairs", null),
      handle,
    );
    expect(await answer.text()).toBe("<p>atelier_p_demo-pairs=old</p>");
    expect(answer.headers.getSetCookie()).toEqual([]);
  });

  it("leaves every other answer as Remix gave it: other places, other requests, a screen that refuses", async () => {
    const cases: [Request, Response][] = [
      [joinPost(), redirectTo("/board/demo-pairs")],
      [joinPost(), redirectTo("/attente/demo-pairs")],
      [joinPost(), redirectTo("https://elsewhere.example/contribute/demo-pairs")],
      [joinPost(), redirectTo("//elsewhere.example/contribute/demo-pairs")],
      [joinPost(), redirectTo("/contribute/demo-pairs/../../outbox")],
      [joinPost(), redirectTo("/contribute/demo-pairs?x=1")],
      [joinPost(), redirectTo("/contribute/demo-pairs.data")],
      [joinPost("/join.data"), redirectTo("/contribute/demo-pairs")],
      [joinPost("/join/PAR7AG.data"), redirectTo("/contribute/demo-pairs")],
      [joinPost("/login"), redirectTo("/contribute/demo-pairs")],
      [joinPost("/join/PAR7AG/x"), redirectTo("/contribute/demo-pairs")],
      [new Request("http://localhost/join"), redirectTo("/contribute/demo-pairs")],
      [joinPost(), new Response("erreurs", { status: 400 })],
      [joinPost(), new Response(null, { status: 303, headers: { Location: "/contribute/demo-pairs" } })],
    ];
    for (const [request, response] of cases) {
      const { asked, handle } = screenHandler();
      expect(
        await answerJoinWithScreen(request, response, handle),
        `${request.method} ${request.url} → ${response.headers.get("Location")}`,
      ).toBe(response);
      expect(asked).toHaveLength(0);
    }
    const failing = async () => {
      throw new Error("render failed");
    };
    const kept = redirectTo("/contribute/demo-pairs");
    expect(await answerJoinWithScreen(joinPost(), kept, failing)).toBe(kept);
    const refusing = screenHandler(403);
    const redirect = redirectTo("/contribute/demo-pairs");
    expect(await answerJoinWithScreen(joinPost(), redirect, refusing.handle)).toBe(redirect);
  });

  it("merges cookies as the browser would: the new seat replaces an old one of the same name", () => {
    expect(cookieHeaderWith("a=1; atelier_p_demo-pairs=old; b=2", [SEAT])).toBe("a=1; atelier_p_demo-pairs=seat-token; b=2");
    expect(cookieHeaderWith(null, [SEAT])).toBe("atelier_p_demo-pairs=seat-token");
    expect(cookieHeaderWith("a=1", [])).toBe("a=1");
    // A name sent twice: the first counts, as for the server's own cookie parsing.
    expect(cookieHeaderWith("a=1; a=2", [])).toBe("a=1");
  });
});
