import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { ParticipantsAdmin } from "~/sessions/participants-admin";
import { t } from "~/i18n";
import { participantCommandSchema, runParticipantCommand, sessionParticipants } from "~/sessions/participants.server";
import { DEFAULT_MAX_PARTICIPANTS } from "~/sessions/seats.server";
import { readForm } from "~/lib/request-body.server";
import { traceSessionRead } from "~/privacy/read-trace.server";
import { notFound, parseForm } from "~/lib/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("participants.title")} · ${data?.title ?? ""} · ${t("app.name")}` },
];

/** Who is in, who waits: read by this page and, every few seconds, by the board's side panel. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const list = await sessionParticipants(context.db, user.id, params.sessionId ?? "", {
    boards: context.boards,
    defaultCap: context.joining?.maxParticipants ?? DEFAULT_MAX_PARTICIPANTS,
  });
  if (!list) throw notFound();
  // The same list as participants.json: read here, it is traced the same way (one read per window).
  await traceSessionRead(context.db, user, "session.participants", params.sessionId ?? "");
  return list;
}

/** Remove, admit, turn away, waiting room on or off: only on a session the professional runs. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const parsed = parseForm(participantCommandSchema, await readForm(request));
  if (!parsed.ok) return data({ ok: false }, { status: 400 });
  const done = await runParticipantCommand(context.db, user.id, params.sessionId ?? "", parsed.data, context.boards);
  if (!done) return data({ ok: false }, { status: 404 });
  return { ok: true };
}

export default function ParticipantsPage() {
  const list = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p>
        <Link to={`/sessions/${list.sessionId}`}>{list.title}</Link>
      </p>
      <h1>{t("participants.title")}</h1>
      <ParticipantsAdmin list={list} headingLevel={2} />
    </div>
  );
}
