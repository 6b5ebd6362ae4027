import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { participantStanding } from "~/auth/auth.server";
import { Picto } from "~/ui/pictograms";
import { t } from "~/i18n/participant";

export const meta: MetaFunction = () => [{ title: `${t("waiting.title")} · ${t("app.name")}` }];

/** How often the waiting screen asks whether the person may come in: one small request, one indexed read. */
const CHECK_EVERY_MS = 4_000;

/**
 * The waiting room: a participant the facilitator has not let in yet waits here (and cannot open
 * the board's socket). Once let in, the next check takes them to the screen they chose.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const sessionId = params.sessionId ?? "";
  const holder = await participantStanding(context.db, request.headers.get("Cookie"), sessionId);
  if (!holder) throw redirect("/join");
  const wantsBoard = new URL(request.url).searchParams.get("vue") === "board";
  if (holder.standing === "active") throw redirect(`/${wantsBoard ? "board" : "contribute"}/${sessionId}`);
  if (holder.standing !== "waiting") throw redirect(`/join?raison=${holder.standing}`);
  return { displayName: holder.displayName, wantsBoard };
}

export default function WaitingRoom() {
  const { displayName, wantsBoard } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    // A hidden tab (a phone in a pocket) does not ask; it asks again as soon as it is looked at.
    const check = () => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
    };
    const timer = setInterval(check, CHECK_EVERY_MS);
    document.addEventListener("visibilitychange", check);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", check);
    };
  }, []);
  return (
    <div className="page narrow waiting-room">
      <h1>{t("waiting.title")}</h1>
      <p role="status" className="waiting-room-message" data-testid="waiting-room">
        <Picto name="waiting" />
        {t("waiting.text")}
      </p>
      <p>{t("waiting.as", { name: displayName })}</p>
      <p>{t("waiting.keepOpen")}</p>
      {/* Without JavaScript, or to check at once: the same page again. */}
      <Form method="get">
        {wantsBoard ? <input type="hidden" name="vue" value="board" /> : null}
        <button type="submit" className="button secondary">
          {t("waiting.check")}
        </button>
      </Form>
    </div>
  );
}
