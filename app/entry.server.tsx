// Remix's default Node entry, plus the one thing it lacks: this request's Content-Security-Policy
// nonce (made in server/http/security-headers.ts, passed through the load context) on every
// inline script React and Remix write, and on the page's own <Scripts>/<ScrollRestoration>.
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./lib/nonce";
import { lightManifest } from "./lib/light/light-assets.server";
import { LightManifestProvider } from "./lib/light/light-scripts";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  // Crawlers get the whole page at once; browsers get the shell first, then the streamed rest.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <LightManifestProvider value={lightManifest()}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </LightManifestProvider>
      </NonceProvider>,
      {
        nonce,
        ...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError: reject,
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell reject above and are logged by Remix's handleError.
          if (shellRendered) logError(loadContext, error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * An unknown address or a refused request (404, 405…) is the visitor's doing, not a fault: the
 * request's own log line says it (server/http/request-log.ts), with no stack trace (Remix's default
 * prints "No route matches URL" with its trace on every stray request). Real errors are logged with
 * where they were thrown. A request the browser gave up is not logged.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error)) return;
  logError(context, error);
};

/** Through the server's logger (server/log.ts) when the load context brings it (tests calling routes directly do not). */
function logError(context: AppLoadContext, error: unknown): void {
  if (context.logError) context.logError(error);
  else console.error(error);
}
