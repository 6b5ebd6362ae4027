import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_PERIODS,
  durationLabel,
  joinNoticeLines,
  personalSpaceNoticeLines,
  registrationNoticeLines,
  retentionRows,
} from "../app/privacy/notice.js";
import { personNoticePeriods, sessionNoticePeriods } from "../app/privacy/notice.server.js";
import { RETENTION_KINDS, RETENTION_POLICY } from "../app/privacy/retention.js";
import { loader as privacyPage } from "../app/routes/confidentialite.js";
import { loader as formerPage } from "../app/routes/ce-que-nous-gardons.js";
import type { Db } from "../prisma/db.js";
import { createFacilitatorWithSession, createTestDatabase, type TestDatabase } from "./support/fixtures.js";

// Issue 15.8: the notices say how long, from the retention policy and the structure's own periods.
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database?.cleanup());

describe("durations in plain French", () => {
  it.each([
    [1, "1 jour"],
    [45, "45 jours"],
    [7, "1 semaine"],
    [14, "2 semaines"],
    [30, "1 mois"],
    [90, "3 mois"],
    [180, "6 mois"],
    [365, "1 an"],
    [730, "2 ans"],
    [1825, "5 ans"],
  ])("%i days is « %s »", (days, said) => {
    expect(durationLabel(days)).toBe(said);
  });
});

describe("the notices follow the policy", () => {
  it("by default, the join page says the board's and the name's periods, the registration page its own, the space the diagnostic's", () => {
    expect(joinNoticeLines(DEFAULT_PERIODS)).toEqual([
      `Vos cartes sont effacées ${durationLabel(RETENTION_POLICY.board.defaultDays)} après l'atelier.`,
      `Votre prénom est effacé ${durationLabel(RETENTION_POLICY.participant.defaultDays)} après l'atelier.`,
      "Pour effacer une carte plus tôt, demandez à l'animatrice ou l'animateur.",
    ]);
    expect(registrationNoticeLines(DEFAULT_PERIODS).join(" ")).toContain("effacés 6 mois après la séance");
    const space = personalSpaceNoticeLines(DEFAULT_PERIODS).join(" ");
    expect(space).toContain("effacé 2 ans après la fin de l'accompagnement");
    expect(space).toContain("1 an au plus");
    expect(space).toContain("Elle y reste 1 an.");
  });

  it("short sentences on the join page: twelve words at most, two sentences at most", () => {
    for (const line of joinNoticeLines(DEFAULT_PERIODS)) {
      expect(line.split(/\s+/).length, line).toBeLessThanOrEqual(12);
      expect(line.split(/[.!?](\s|$)/).filter((part) => part && part.trim()).length, line).toBeLessThanOrEqual(2);
    }
  });

  it("change when a structure chooses its own periods, for its sessions and its people only", async () => {
    const mine = await createFacilitatorWithSession(db);
    const theirs = await createFacilitatorWithSession(db);
    const person = await db.person.create({ data: { structureId: mine.structure.id, displayName: "Awa" } });
    await db.retentionOverride.createMany({
      data: [
        { structureId: mine.structure.id, kind: "board", days: 30 },
        { structureId: mine.structure.id, kind: "registration", days: 60 },
        { structureId: mine.structure.id, kind: "person", days: 365 },
      ],
    });
    const join = joinNoticeLines(await sessionNoticePeriods(db, mine.sessionId));
    expect(join[0]).toBe("Vos cartes sont effacées 1 mois après l'atelier.");
    expect(registrationNoticeLines(await sessionNoticePeriods(db, mine.sessionId)).join(" ")).toContain("effacés 2 mois après la séance");
    expect(personalSpaceNoticeLines(await personNoticePeriods(db, person.id)).join(" ")).toContain("effacé 1 an après la fin");
    // Another structure's session keeps the defaults.
    expect(joinNoticeLines(await sessionNoticePeriods(db, theirs.sessionId))[0]).toBe("Vos cartes sont effacées 3 mois après l'atelier.");
  });

  it("the full page lists every kind with its period, what happens then and the bounds; the former address redirects to it", () => {
    const page = privacyPage();
    expect(page.rows.map((row) => row.kind)).toEqual([...RETENTION_KINDS]);
    const board = page.rows.find((row) => row.kind === "board")!;
    expect(board.how).toContain("3 mois");
    expect(board.bounds).toBe("Une structure peut choisir entre 1 semaine et 1 an.");
    expect(retentionRows().find((row) => row.kind === "registration")!.then).toContain("Les nombres restent");
    const redirect = formerPage();
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("Location")).toBe("/confidentialite");
  });
});
