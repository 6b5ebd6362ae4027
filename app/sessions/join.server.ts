import { data, redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import type { Joining } from "../lib/load-context.js";
import { participantStanding } from "../auth/auth.server";
import { t } from "../i18n";
import { readForm } from "../lib/request-body.server";
import { JoinLimiter, joinClientKey, type Pause } from "./join-limits.server";
import { DEFAULT_MAX_PARTICIPANTS, takeSeat } from "./seats.server";
import { acceptsJoins } from "./session-window.server";
import { fieldErrors, type FieldErrors } from "../lib/forms";
import { JOIN_FIELD_ERRORS, type JoinFieldError } from "./join-fields";
import { joinSchema } from "./sessions.schema";
import { findSessionByJoinCode } from "./sessions.server";

/**
 * Which screen the person chose with the button they pressed: the simple phone screen (the first
 * button, so also Enter) or the whole board. Anything else counts as the phone screen.
 */
export const joinViewSchema = z.enum(["phone", "board"]).catch("phone");

// Only for tests that call a route without the server's load context.
let fallback: Joining | null = null;
function joiningOf(context: AppLoadContext): Joining {
  return context.joining ?? (fallback ??= { limiter: new JoinLimiter(), maxParticipants: DEFAULT_MAX_PARTICIPANTS });
}

/** "Trop d'essais" as an answer: 429, the wait in words and in Retry-After. */
export function tooManyTries<T extends object>(body: T, pause: Pause) {
  return data(
    { ...body, problem: t("join.error.tooMany", { minutes: pause.minutes }) },
    { status: 429, headers: { "Retry-After": String(pause.minutes * 60) } },
  );
}

export type CodeLookUp =
  | { kind: "paused"; pause: Pause }
  | { kind: "unknown" }
  | { kind: "ended" }
  | { kind: "open"; session: NonNullable<Awaited<ReturnType<typeof findSessionByJoinCode>>> };

/**
 * Looks a well-formed code up, counted against the client's and everyone's budgets. A session that no
 * longer takes people in answers "unknown" to a stranger, on the same path as a code that does not
 * exist; only someone holding a participant token for it is told that it has ended.
 */
export async function lookUpCode(request: Request, context: AppLoadContext, code: string): Promise<CodeLookUp> {
  const { limiter } = joiningOf(context);
  const client = joinClientKey(context);
  const pause = await limiter.beginLookUp(client);
  if (pause) return { kind: "paused", pause };
  const session = await findSessionByJoinCode(context.db, code);
  if (session && acceptsJoins(session)) {
    await limiter.found(client);
    return { kind: "open", session };
  }
  if (session && (await participantStanding(context.db, request.headers.get("Cookie"), session.id))) {
    await limiter.found(client);
    return { kind: "ended" };
  }
  return { kind: "unknown" };
}

/** Counts one join page or attempt from this client; a pause past its budget. */
export function countJoinRequest(context: AppLoadContext): Promise<Pause | null> {
  return joiningOf(context).limiter.request(joinClientKey(context));
}

/** The join form's errors, each one the participant's page can say (its catalogue is only theirs). */
type JoinErrors = Partial<Record<"code" | "displayName", JoinFieldError>>;

function joinErrors(errors: FieldErrors): JoinErrors {
  const said = (key: string) => JOIN_FIELD_ERRORS.find((known) => known === key) ?? "form.error.invalid";
  const result: JoinErrors = {};
  if (errors.code) result.code = said(errors.code);
  if (errors.displayName) result.displayName = said(errors.displayName);
  return result;
}

/** The join form's action, shared by /join and /join/<code>. */
export async function joinAction(request: Request, context: AppLoadContext) {
  const form = Object.fromEntries(await readForm(request));
  const values = { code: String(form.code ?? ""), displayName: String(form.displayName ?? "") };
  const noErrors: JoinErrors = {};
  const requestPause = await countJoinRequest(context);
  if (requestPause) return tooManyTries({ errors: noErrors, values }, requestPause);
  const parsed = joinSchema.safeParse(form);
  if (!parsed.success) return data({ errors: joinErrors(fieldErrors(parsed.error)), values }, { status: 400 });
  const found = await lookUpCode(request, context, parsed.data.code);
  if (found.kind === "paused") return tooManyTries({ errors: noErrors, values }, found.pause);
  if (found.kind === "unknown") {
    const errors: JoinErrors = { code: "join.error.unknown" };
    return data({ errors, values }, { status: 404 });
  }
  if (found.kind === "ended") return data({ errors: noErrors, values, problem: t("join.ended") }, { status: 410 });

  const { session } = found;
  const screen = joinViewSchema.parse(form.view) === "board" ? "board" : "contribute";
  // Someone who already has a seat here keeps it: joining again from the same browser takes no other.
  const holder = await participantStanding(context.db, request.headers.get("Cookie"), session.id);
  if (holder?.standing === "active") return goTo(session.id, screen, null);
  if (holder?.standing === "waiting") return redirect(waitingPage(session.id, screen));
  if (holder?.standing === "removed" || holder?.standing === "turned-away") {
    return data({ errors: noErrors, values, problem: t(`join.notice.${holder.standing}`) }, { status: 403 });
  }
  const seat = await takeSeat(context.db, request, session, parsed.data.displayName, joiningOf(context).maxParticipants);
  if (!seat.ok) return data({ errors: noErrors, values, problem: t("join.full") }, { status: 409 });
  if (seat.waiting) return redirect(waitingPage(session.id, screen), { headers: { "Set-Cookie": seat.cookie } });
  return goTo(session.id, screen, seat.cookie);
}

/** Into the session: a redirect, followed by the browser (the phone screen is a light page, decision 024). */
function goTo(sessionId: string, screen: "board" | "contribute", setCookie: string | null) {
  return redirect(`/${screen}/${sessionId}`, { headers: setCookie ? { "Set-Cookie": setCookie } : {} });
}

function waitingPage(sessionId: string, screen: "board" | "contribute"): string {
  return `/attente/${sessionId}${screen === "board" ? "?vue=board" : ""}`;
}
