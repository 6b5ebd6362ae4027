import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireProfessional } from "~/auth/auth.server";
import { sessionParticipants } from "~/sessions/participants.server";
import { DEFAULT_MAX_PARTICIPANTS } from "~/sessions/seats.server";
import { notFound } from "~/lib/forms";
import { traceSessionRead } from "~/privacy/read-trace.server";

/**
 * The participants list as JSON, for the board's side panel, which asks for it every few seconds
 * with a plain fetch: when the server is away, a failed poll is ignored instead of replacing the
 * board with the error page, as a Remix fetcher's would.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const list = await sessionParticipants(context.db, user.id, params.sessionId ?? "", {
    boards: context.boards,
    defaultCap: context.joining?.maxParticipants ?? DEFAULT_MAX_PARTICIPANTS,
  });
  if (!list) return notFound();
  await traceSessionRead(context.db, user, "session.participants", params.sessionId ?? "");
  return Response.json(list, { headers: { "Cache-Control": "no-store" } });
}
