import "./lib/zod-jitless";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { coordinatesANetwork } from "./indicators/scope.server";
import { findProfessional } from "./auth/auth.server";
import { StructureSwitcher } from "./structures/structure-switcher";
import { t } from "./i18n/participant";
import { useNonce } from "./lib/nonce";
import { currentStructure } from "./structures/structures.server";
import appStyles from "./styles/app.css";
import { LIGHT_PAGE_SCRIPT, useLightPage } from "./lib/light/light-scripts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  // The .ico for browsers and tools that ask /favicon.ico whatever the page says; the SVG for the rest.
  { rel: "icon", href: "/favicon.ico", sizes: "16x16 32x32 48x48" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: t("app.name") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await findProfessional(context.db, request.headers.get("Cookie"));
  if (!user) return { user: null };
  const current = await currentStructure(context.db, request, user);
  return {
    user: {
      displayName: user.displayName,
      structures: user.memberships.map((membership) => membership.structure),
      currentStructureId: current?.id ?? null,
      coordinatesANetwork: await coordinatesANetwork(context.db, user.id),
    },
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  // Full-screen pages (the board) keep the whole height for the canvas and carry their own bar.
  const matches = useMatches();
  const fullScreen = matches.some((match) => (match.handle as { fullScreen?: boolean } | undefined)?.fullScreen);
  // The participant's pages run a light script of their own instead of Remix and React (decision 024).
  const light = useLightPage(matches);
  const nonce = useNonce();
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {light?.preload ? <link rel="modulepreload" href={light.preload} /> : null}
      </head>
      <body>
        <a className="skip-link" href="#contenu">
          {t("nav.skip")}
        </a>
        <header className="site-header" hidden={fullScreen}>
          <Link to="/" className="brand">
            {t("app.name")}
          </Link>
          <nav aria-label={t("nav.label")}>
            <ul>
              <li>
                <Link to="/join">{t("nav.join")}</Link>
              </li>
              {data?.user ? (
                <>
                  <li>
                    <Link to="/sessions">{t("nav.sessions")}</Link>
                  </li>
                  <li>
                    <Link to="/people">{t("pro.nav")}</Link>
                  </li>
                  <li>
                    <Link to="/rendez-vous">{t("appointments.nav")}</Link>
                  </li>
                  <li>
                    <Link to="/templates">{t("nav.templates")}</Link>
                  </li>
                  <li>
                    <Link to="/structures">{t("structures.nav")}</Link>
                  </li>
                  <li>
                    <Link to="/series">{t("series.nav")}</Link>
                  </li>
                  {data.user.currentStructureId ? (
                    <li>
                      <Link to={`/structures/${data.user.currentStructureId}/indicateurs`}>{t("indicators.nav")}</Link>
                    </li>
                  ) : null}
                  {data.user.coordinatesANetwork ? (
                    <li>
                      <Link to="/reseau/indicateurs">{t("indicators.link.network")}</Link>
                    </li>
                  ) : null}
                  <li>
                    <Form method="post" action="/logout">
                      <button type="submit" className="link-button">
                        {t("nav.logout")}
                      </button>
                    </Form>
                  </li>
                </>
              ) : (
                <li>
                  <Link to="/login">{t("nav.facilitator")}</Link>
                </li>
              )}
            </ul>
          </nav>
          {data?.user ? <StructureSwitcher structures={data.user.structures} currentId={data.user.currentStructureId} /> : null}
        </header>
        <main id="contenu" tabIndex={-1}>
          {children}
        </main>
        {light ? (
          <>
            <script nonce={nonce} dangerouslySetInnerHTML={{ __html: LIGHT_PAGE_SCRIPT }} />
            {light.run ? <script type="module" src={light.run} nonce={nonce} /> : null}
          </>
        ) : (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        )}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // A refusal we wrote ourselves (400, 403, 413, 429…) carries its French reason; anything else
  // (a 500) shows the generic sentence: no error text or stack reaches the page.
  const reason =
    isRouteErrorResponse(error) && error.status >= 400 && error.status < 500 && !notFound && typeof error.data === "string"
      ? error.data
      : null;
  return (
    <div className="page narrow">
      <h1>{t("error.title")}</h1>
      <p>{notFound ? t("error.notFound") : (reason ?? t("error.generic"))}</p>
      <p>
        <Link to="/">{t("error.back")}</Link>
      </p>
    </div>
  );
}
