import { createHash } from "node:crypto";
import type { PresenceUser } from "./presence";

/** Cursor colours, distinct and readable on white (tldraw draws the name label on this colour). */
const COLORS = ["#1f4fbf", "#a4161a", "#1e6b35", "#7b2cbf", "#b35900", "#00707a", "#8a1c7c", "#3d3d99"];

/**
 * How a person appears to the others on a board: an id that is stable for them in this session
 * (all their tabs are one person) but says nothing of their account, their name, and a colour.
 */
export function presenceIdentity(sessionId: string, personKey: string, name: string): PresenceUser {
  const digest = createHash("sha256").update(`${sessionId}\u0000${personKey}`).digest();
  return { id: digest.subarray(0, 12).toString("hex"), name, color: COLORS[digest[12] % COLORS.length] };
}
