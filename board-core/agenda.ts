// A session's agenda as the screens need it: phases in order, each with its zones named by the
// id of their frame on the board. Built from the agenda stored with the session (its template's
// phases when it was created).
import { z } from "zod";
import { phaseSchema } from "../workshops/schema.js";
import type { FeedbackQuestion } from "../workshops/feedback.js";
import { zoneFrameShapeId } from "./template-layout.js";

export interface BoardAgenda {
  phases: {
    id: string;
    title: string;
    prompt: string;
    minutes: number;
    /** The template marks this step anonymous (the facilitator may change it live: facilitation-state.ts). */
    anonymous: boolean;
    /** At this step everyone answers these questions with faces, anonymously (issue 16.1); null: no questions. */
    feedback: FeedbackQuestion[] | null;
    /** The phone offers to book a diagnostic appointment at this step (issue 17.2). */
    booking?: boolean;
    /** `dimension`: the part of the individual diagnostic the zone's cards can feed, if any. */
    zones: { frameId: string; label: string; dimension: string | null }[];
  }[];
}

export function boardAgenda(stored: unknown): BoardAgenda {
  const parsed = z.array(phaseSchema).safeParse(stored);
  const phases = parsed.success ? parsed.data : [];
  return {
    phases: phases.map((phase) => ({
      id: phase.id,
      title: phase.title,
      prompt: phase.prompt,
      minutes: phase.minutes,
      anonymous: phase.anonymous === true,
      feedback: phase.feedback?.questions ?? null,
      booking: phase.booking === "diagnostic",
      zones: phase.zones.map((zone) => ({
        frameId: zoneFrameShapeId(phase.id, zone.id),
        label: zone.label,
        dimension: zone.dimension ?? null,
      })),
    })),
  };
}
