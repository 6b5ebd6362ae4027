import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { answerProposalFromPhone, phoneScreen } from "~/contribute/phone-screen.server";
import { PhonePage } from "~/contribute/phone-page";
import { earlySocketScript } from "~/contribute/early-socket";
import { LightRoot, type LightHandle } from "~/lib/light/island";
import { useNonce } from "~/lib/nonce";
import { t } from "~/i18n/participant";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · ${t("app.name")}` }];

/** A light page: the phone runs phone.light.tsx (Preact), not Remix and React (docs/decisions/024). */
export const handle: LightHandle = { light: { run: "phone" } };

export function loader({ request, params, context }: LoaderFunctionArgs) {
  return phoneScreen(request, context, params.sessionId ?? "");
}

export function action({ request, params, context }: ActionFunctionArgs) {
  return answerProposalFromPhone(request, context, params.sessionId ?? "");
}

export default function ContributePage() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <>
      {data.closed ? null : <EarlySocket sessionId={data.sessionId} />}
      <LightRoot island={{ data, answer }}>
        <PhonePage data={data} />
      </LightRoot>
    </>
  );
}

/**
 * Loaded as a page, the screen's socket opens from the HTML, before any script is parsed;
 * usePhoneConnection takes it (early-socket.ts). Rendered by React after a navigation inside the
 * app, the script does not run: the socket opens as before.
 */
function EarlySocket({ sessionId }: { sessionId: string }) {
  const nonce = useNonce();
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: earlySocketScript(sessionId) }} />;
}
