import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireBoardAccess } from "~/auth.server";
import { ContributionScreen } from "~/components/contribute/contribution-screen";
import { t } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · ${t("app.name")}` }];

/** The phone screen: same access as the board, and only the agenda's words and zone frame ids. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const sessionId = params.sessionId ?? "";
  const access = await requireBoardAccess(context.db, request, sessionId);
  const session = await context.db.groupSession.findUnique({ where: { id: sessionId }, select: { title: true, agenda: true } });
  if (!session) throw new Response("Not Found", { status: 404 });
  // Imported here, not at the top: the agenda module pulls in tldraw's schema (for the zone frame
  // ids), ~250 KB that an old phone should not download for a page without a canvas.
  const { boardAgenda } = await import("~/board/agenda");
  return { sessionId, title: session.title, displayName: access.displayName, phases: boardAgenda(session.agenda).phases };
}

export default function ContributePage() {
  const data = useLoaderData<typeof loader>();
  return <ContributionScreen {...data} />;
}
