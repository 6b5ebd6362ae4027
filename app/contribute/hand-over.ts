// The phone screen's data handed over by the join form's answer (issue 13): after the tap, the join
// POST comes back with the screen's data and the seat's cookie, and the screen shows them without a
// second request. Held once, for a few seconds, for one session; anything else (a reload, a later
// revalidation, another session) asks the server as usual.
import { redirect, type ClientActionFunctionArgs, type ShouldRevalidateFunction } from "@remix-run/react";
import { openEarlyPhoneSocket } from "./early-socket";
import type { phoneScreen } from "./phone-screen.server";

/** The join form's hidden field saying "answer with the phone screen's data, not a redirect". */
export const JOIN_HAND_OVER_FIELD = "handOver";

export type PhoneScreenData = Awaited<ReturnType<typeof phoneScreen>>;

/** What the join action answers instead of a redirect when the field is there. */
export interface JoinHandOver {
  handOver: { to: string; phone: PhoneScreenData };
}

export function isJoinHandOver(value: unknown): value is JoinHandOver {
  return typeof value === "object" && value !== null && "handOver" in value;
}

/**
 * The join routes' clientAction: as soon as the answer is read, before React renders anything, the
 * screen's socket opens (the seat's cookie came with the answer) and the page goes to the screen,
 * which takes the data held here. Any other answer (field errors, a pause, a full session) goes to
 * the form as before.
 */
export async function joinClientAction<T>({ serverAction }: ClientActionFunctionArgs): Promise<T | Response> {
  const answer = await serverAction<T>();
  if (!isJoinHandOver(answer)) return answer as T;
  handOverPhoneScreen(answer.handOver);
  openEarlyPhoneSocket(answer.handOver.phone.sessionId);
  return redirect(answer.handOver.to);
}

/**
 * Root is not asked again on the way to the screen handed over: joining signs nobody in, so its data
 * (who is signed in) is what the join page already has, and Remix's single fetch would otherwise make
 * that one request anyway, the round trip the hand-over saves.
 */
export const keepAfterHandOver: ShouldRevalidateFunction = ({ nextUrl, defaultShouldRevalidate }) =>
  held !== null && held.to === nextUrl.pathname ? false : defaultShouldRevalidate;

/** Long enough for the navigation that follows, short enough never to show a stale screen later. */
const HELD_MS = 10_000;

let held: { to: string; phone: PhoneScreenData; until: number } | null = null;

export function handOverPhoneScreen({ to, phone }: JoinHandOver["handOver"]): void {
  held = { to, phone, until: Date.now() + HELD_MS };
}

/** The handed-over data for this session, once; null when there is none (the loader is asked). */
export function takeHandedOverPhoneScreen(sessionId: string): PhoneScreenData | null {
  const taken = held;
  held = null;
  if (!taken || taken.phone.sessionId !== sessionId || Date.now() > taken.until) return null;
  return taken.phone;
}
