// The three taps of booking, as data: the days that have free times, the times of the chosen day,
// the chosen time. Built on the server from the free slots and the page's address (?jour=…&heure=…),
// so that each tap is a plain link and the page works before (or without) JavaScript.
import { LOCALE } from "../i18n/index.js";
import { parisCalendarDay, PARIS_TIME_ZONE } from "../lib/paris-dates.js";
import { parisClock } from "./times.js";

export interface PickerSlot {
  id: string;
  startsAt: Date;
  durationMinutes: number;
  mode: string;
  location: string | null;
}

export interface Picker {
  days: { day: string; label: string; count: number }[];
  day: string | null;
  dayLabel: string | null;
  times: { id: string; clock: string; minutes: number; mode: string }[];
  chosen: { id: string; startsAt: string; clock: string; minutes: number; mode: string; location: string | null } | null;
}

const dayLabel = new Intl.DateTimeFormat(LOCALE, { weekday: "long", day: "numeric", month: "long", timeZone: PARIS_TIME_ZONE });

/** "lundi 30 mars": the Paris day of a free time, as said aloud. */
export function sayDay(instant: Date): string {
  return dayLabel.format(instant);
}

export function buildPicker(slots: PickerSlot[], search: URLSearchParams): Picker {
  const byDay = new Map<string, PickerSlot[]>();
  for (const slot of slots) {
    const day = parisCalendarDay(slot.startsAt);
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }
  const days = [...byDay.entries()].map(([day, list]) => ({ day, label: sayDay(list[0]!.startsAt), count: list.length }));
  const asked = search.get("jour");
  const day = asked && byDay.has(asked) ? asked : null;
  const ofDay = day ? byDay.get(day)! : [];
  // A time taken meanwhile (or not of that day) is simply not chosen: the day's remaining times show.
  const slot = ofDay.find((candidate) => candidate.id === search.get("heure")) ?? null;
  return {
    days,
    day,
    dayLabel: day ? sayDay(ofDay[0]!.startsAt) : null,
    times: ofDay.map((candidate) => ({
      id: candidate.id,
      clock: parisClock(candidate.startsAt),
      minutes: candidate.durationMinutes,
      mode: candidate.mode,
    })),
    chosen: slot
      ? {
          id: slot.id,
          startsAt: slot.startsAt.toISOString(),
          clock: parisClock(slot.startsAt),
          minutes: slot.durationMinutes,
          mode: slot.mode,
          location: slot.location,
        }
      : null,
  };
}
