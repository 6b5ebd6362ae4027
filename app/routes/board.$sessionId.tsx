import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState } from "react";
import tldrawStyles from "tldraw/tldraw.css";
import { requireBoardAccess } from "~/auth/auth.server";
import { boardPreloads } from "~/board/board-preload.server";
import { boardAgenda } from "../../board-core/agenda";
import { presenceIdentity } from "../../board-core/presence-identity.server";
import { formatDateTime, t } from "~/i18n";
import { notFound } from "~/lib/forms";

export const handle = { fullScreen: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: tldrawStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · ${t("app.name")}` }];

// The canvas is ~500 KB of browser-only code: load it on this route only, after hydration.
const Board = lazy(() => import("~/board/Board.client"));

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const sessionId = params.sessionId ?? "";
  const access = await requireBoardAccess(context.db, request, sessionId);
  const session = await context.db.groupSession.findUnique({
    where: { id: sessionId },
    select: { title: true, agenda: true, closedAt: true },
  });
  if (!session) throw notFound();
  return {
    sessionId,
    title: session.title,
    closedOn: session.closedAt ? formatDateTime(session.closedAt) : null,
    role: access.role,
    displayName: access.displayName,
    user: presenceIdentity(sessionId, access.personKey, access.displayName),
    agenda: boardAgenda(session.agenda),
    licenseKey: context.tldrawLicenseKey,
    licenseMissing: !context.tldrawLicenseKey && needsLicense(request),
    preloads: boardPreloads(),
  };
}

/** tldraw runs unlicensed only in development: plain http or a loopback host. */
function needsLicense(request: Request): boolean {
  const url = new URL(request.url);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) || url.hostname.startsWith("127.");
  return url.protocol === "https:" && !loopback && process.env.NODE_ENV === "production";
}

export default function BoardPage() {
  const { sessionId, title, closedOn, role, displayName, user, agenda, licenseKey, licenseMissing, preloads } =
    useLoaderData<typeof loader>();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const wsBaseUrl = hydrated ? `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/yjs` : "";

  return (
    <div className="board-page">
      <div className="board-bar">
        <h1 style={{ fontSize: "1rem", margin: 0, flex: 1 }}>{title}</h1>
        <span>{t("board.you", { name: displayName })}</span>
        {role === "facilitator" ? (
          <Link to={`/sessions/${sessionId}`}>{t("board.back")}</Link>
        ) : (
          <Link to={`/contribute/${sessionId}`}>{t("panel.simple")}</Link>
        )}
      </div>
      {closedOn ? (
        <p className="notice board-closed" role="status" data-testid="board-closed">
          {t("board.closed", { date: closedOn })}
        </p>
      ) : null}
      <div className="board-canvas">
        {licenseMissing ? (
          <p className="notice" role="alert" style={{ margin: "1rem" }}>
            {t("board.license.missing")}
          </p>
        ) : hydrated ? (
          <Suspense fallback={<p role="status">{t("board.loading")}</p>}>
            <Board
              roomName={sessionId}
              wsBaseUrl={wsBaseUrl}
              user={user}
              role={role}
              agenda={agenda}
              licenseKey={licenseKey ?? undefined}
            />
          </Suspense>
        ) : (
          <p role="status">{t("board.loading")}</p>
        )}
      </div>
      {licenseMissing ? null : <BoardPreloadLinks {...preloads} />}
    </div>
  );
}

/**
 * Tells the browser, with the page itself, what the canvas will ask for once hydrated
 * (board-preload.server.ts): fetched while the page's own scripts run instead of after them.
 */
function BoardPreloadLinks({ modules, fetches }: { modules: string[]; fetches: string[] }) {
  return (
    <>
      {modules.map((href) => (
        <link key={href} rel="modulepreload" href={href} />
      ))}
      {fetches.map((href) => (
        <link key={href} rel="preload" as="fetch" href={href} crossOrigin="anonymous" />
      ))}
    </>
  );
}
