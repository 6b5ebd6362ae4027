import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { JoinPanel } from "~/sessions/join-panel";
import { t } from "~/i18n";
import { joinLink, joinQrSvg } from "~/sessions/join-link.server";
import { findSessionForUser } from "~/sessions/sessions.server";
import { notFound } from "~/lib/forms";

/** The code and QR code alone, full screen, for the projector at the start of a session. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const session = await findSessionForUser(context.db, user.id, params.sessionId ?? "");
  if (!session) throw notFound();
  const link = joinLink(request, session.joinCode);
  return { title: session.title, joinCode: session.joinCode, link, qrSvg: await joinQrSvg(link) };
}

export default function Projection() {
  const { title, joinCode, link, qrSvg } = useLoaderData<typeof loader>();
  return (
    <div className="projection">
      <h1>{title}</h1>
      <p>{t("home.join.text")}</p>
      <JoinPanel joinCode={joinCode} link={link} qrSvg={qrSvg} />
    </div>
  );
}
