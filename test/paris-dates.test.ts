// A day a person picks is a Paris calendar day from the form to every display, around midnight and
// on the two daylight-saving days (2027-03-28: 23 hours long, 2027-10-31: 25 hours long).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantAccess, listGrants } from "../app/diagnostic/grants.server.js";
import { entryFormSchema } from "../app/diagnostic/people.server.js";
import { formatDateTime, formatDay } from "../app/i18n/index.js";
import { calendarDayParts, endOfParisDay, parisCalendarDay, parisInstant, todayInParis } from "../app/lib/paris-dates.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";

describe("a Paris calendar day, from the field to the page", () => {
  it("a sharing until 31/03/2027 ends at midnight in Paris and reads « 31 mars 2027 »", () => {
    const end = endOfParisDay("2027-03-31");
    expect(end.toISOString()).toBe("2027-03-31T21:59:59.999Z"); // summer time: UTC+2
    expect(formatDay(end)).toBe("31 mars 2027");
    expect(parisCalendarDay(end)).toBe("2027-03-31");
    expect(parisCalendarDay(new Date(end.getTime() + 1))).toBe("2027-04-01");
  });

  it("the first of the month is « 1er », in days and in full dates", () => {
    expect(formatDay(parisInstant("2027-04-01", "09:00"))).toBe("1er avril 2027");
    expect(formatDateTime(parisInstant("2027-04-01", "09:00"))).toMatch(/^jeudi 1er avril 2027 à 09:00$/);
    expect(formatDay(parisInstant("2027-04-11", "09:00"))).toBe("11 avril 2027");
    expect(formatDay(parisInstant("2027-04-21", "09:00"))).toBe("21 avril 2027");
  });

  it("the spring change (2027-03-28) is a 23-hour day, the autumn one (2027-10-31) a 25-hour day", () => {
    const hours = (day: string) => (endOfParisDay(day).getTime() + 1 - parisInstant(day).getTime()) / 3_600_000;
    expect(hours("2027-03-28")).toBe(23);
    expect(hours("2027-10-31")).toBe(25);
    expect(hours("2027-06-15")).toBe(24);
    expect(endOfParisDay("2027-03-28").toISOString()).toBe("2027-03-28T21:59:59.999Z");
    expect(endOfParisDay("2027-10-31").toISOString()).toBe("2027-10-31T22:59:59.999Z");
    expect(formatDay(endOfParisDay("2027-10-31"))).toBe("31 octobre 2027");
    // 02:30 happens twice that night: either instant is still that Paris day.
    expect(parisCalendarDay(parisInstant("2027-10-31", "02:30"))).toBe("2027-10-31");
  });

  it("today is the Paris day: 23:30 UTC on 31 March is already 1 April in Paris", () => {
    expect(todayInParis(new Date("2027-03-31T21:59:00Z"))).toBe("2027-03-31");
    expect(todayInParis(new Date("2027-03-31T22:00:00Z"))).toBe("2027-04-01");
    expect(todayInParis(new Date("2027-12-31T22:59:59Z"))).toBe("2027-12-31");
    expect(todayInParis(new Date("2027-12-31T23:00:00Z"))).toBe("2028-01-01");
  });

  it("only real days are days", () => {
    for (const bad of ["2027-02-29", "2027-13-01", "2027-04-31", "31/03/2027", "2027-3-1", "", "2027-03-31T00:00"]) {
      expect(calendarDayParts(bad), bad).toBeNull();
    }
    expect(calendarDayParts("2028-02-29")).toEqual({ year: 2028, month: 2, day: 29 });
  });
});

describe("dates stored from forms", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());

  it("a grant until a day is active up to its last Paris minute and not after, and shows that day", async () => {
    const { user, structure } = await createFacilitatorWithSession(database.db);
    const other = await createFacilitatorWithSession(database.db);
    const person = await database.db.person.create({ data: { displayName: "Awa", structureId: structure.id, createdById: user.id } });
    await grantAccess(database.db, person.id, { structureId: other.structure.id, dimensions: [], until: "2027-10-31" });
    const stillOn = await listGrants(database.db, person.id, new Date("2027-10-31T22:59:00Z")); // 23:59 in Paris
    expect(stillOn[0]).toMatchObject({ active: true });
    expect(formatDay(stillOn[0].expiresAt)).toBe("31 octobre 2027");
    const over = await listGrants(database.db, person.id, new Date("2027-10-31T23:00:00Z")); // midnight in Paris
    expect(over[0]).toMatchObject({ active: false });
  });

  it("an action's due date is the chosen Paris day; an impossible day is a French field error", () => {
    const base = { dimension: "mobility", kind: "action", text: "Passer le code" };
    for (const day of ["2027-03-28", "2027-10-31", "2027-04-01"]) {
      const parsed = entryFormSchema.parse({ ...base, dueDate: day });
      expect(parsed.dueDate && parisCalendarDay(parsed.dueDate)).toBe(day);
    }
    const wrong = entryFormSchema.safeParse({ ...base, dueDate: "2027-02-30" });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.message).toBe("pro.error.due");
  });
});
