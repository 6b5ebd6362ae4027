import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { useLoaderData } from "@remix-run/react";
import { answerProposalFromPhone, phoneScreen } from "~/contribute/phone-screen.server";
import { ClosedSessionScreen } from "~/contribute/closed-session";
import { ContributionScreen } from "~/contribute/contribution-screen";
import { earlySocketScript } from "~/contribute/early-socket";
import { takeHandedOverPhoneScreen } from "~/contribute/hand-over";
import { useNonce } from "~/lib/nonce";
import { t } from "~/i18n/participant";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · ${t("app.name")}` }];

export function loader({ request, params, context }: LoaderFunctionArgs) {
  return phoneScreen(request, context, params.sessionId ?? "");
}

/** Straight from the join form's answer when it carried this screen's data (hand-over.ts), else the server. */
export async function clientLoader({ params, serverLoader }: ClientLoaderFunctionArgs) {
  return takeHandedOverPhoneScreen(params.sessionId ?? "") ?? (await serverLoader<typeof loader>());
}

export function action({ request, params, context }: ActionFunctionArgs) {
  return answerProposalFromPhone(request, context, params.sessionId ?? "");
}

export default function ContributePage() {
  const { closed, ...data } = useLoaderData<typeof clientLoader>();
  // Closed: nothing to write any more (and no board connection), but proposals can still be answered.
  if (closed) {
    const booking = data.phases.some((phase) => phase.booking) ? `/rdv/atelier/${data.sessionId}` : null;
    return <ClosedSessionScreen title={data.title} proposals={data.proposals} bookingHref={booking} />;
  }
  return (
    <>
      <EarlySocket sessionId={data.sessionId} />
      <ContributionScreen {...data} />
    </>
  );
}

/**
 * Loaded as a page (a reload, a form posted before hydration), the screen's socket opens from the HTML,
 * before React is parsed and hydrated; usePhoneConnection takes it (early-socket.ts). Rendered by
 * React after a navigation inside the app, the script does not run: the socket opens as before.
 */
function EarlySocket({ sessionId }: { sessionId: string }) {
  const nonce = useNonce();
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: earlySocketScript(sessionId) }} />;
}
