import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { answerProposalFromPhone, phoneScreen } from "~/contribute/phone-screen.server";
import { PhonePage } from "~/contribute/phone-page";
import { earlySocketScript, screenAddressScript } from "~/contribute/early-socket";
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
      <PageScript text={screenAddressScript(data.sessionId)} />
      {data.closed ? null : <PageScript text={earlySocketScript(data.sessionId)} />}
      <LightRoot island={{ data, answer }}>
        <PhonePage data={data} />
      </LightRoot>
    </>
  );
}

/**
 * Inline scripts of the page (allowed by its nonce), run as the HTML is read: its own address in
 * the history, and its socket opened before any script file is parsed; usePhoneConnection takes it
 * (early-socket.ts). Rendered by React after a navigation inside the app, they do not run: the
 * address is already right and the socket opens as before.
 */
function PageScript({ text }: { text: string }) {
  const nonce = useNonce();
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: text }} />;
}
