// The retention purge with a controlled clock: for each kind of data, a row whose period started at T0
// is still there the day before its time is up and gone (or anonymised) the day after; what it removed
// is counted and logged, and the log holds no name, text, e-mail or phone.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANONYMOUS_NAME } from "../app/privacy/purge-batches.server.js";
import { runPurge, type PurgeBoards } from "../app/privacy/purge.server.js";
import { RETENTION_KINDS, RETENTION_POLICY, type RetentionKind } from "../app/privacy/retention.js";
import type { Db } from "../prisma/db.js";
import { createLogger } from "../server/log.js";
import { createTestDatabase, type TestDatabase } from "./support/fixtures.js";

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date("2026-01-10T10:00:00.000Z");
const at = (days: number) => new Date(T0.getTime() + days * DAY);

/** What the tests write that must never reach a log line. */
const SECRETS = {
  name: "Awa Confidentielle",
  otherName: "Mariam Témoin",
  email: "mariam.temoin@exemple.fr",
  phone: "0612345678",
  card: "Problème de santé : dos bloqué",
  body: "Bonjour Mariam, voici votre invitation",
  document: "CV de Awa",
};

let unique = 0;

/** A structure with an admin and a session that started at T0 and was never closed. */
async function structureWithSession(db: Db, startsAt = T0) {
  unique += 1;
  const structure = await db.structure.create({ data: { name: `Structure purge ${unique}` } });
  const user = await db.user.create({
    data: { email: `pro-${unique}-${randomBytes(4).toString("hex")}@exemple.fr`, displayName: "Pro", passwordHash: "x" },
  });
  await db.membership.create({ data: { userId: user.id, structureId: structure.id, role: "admin" } });
  const session = await db.groupSession.create({
    data: {
      structureId: structure.id,
      kind: "peer_workshop",
      title: "Atelier",
      startsAt,
      templateId: "forces-et-reconnaissance",
      agenda: [],
      joinCode: `P${randomBytes(4).toString("hex")}`.slice(0, 6).toUpperCase() + unique,
      createdById: user.id,
    },
  });
  return { structure, user, session };
}

async function personOf(db: Db, structureId: string, endedAt: Date | null = null) {
  return db.person.create({
    data: { structureId, displayName: SECRETS.name, email: "awa@exemple.fr", phone: SECRETS.phone, accompanimentEndedAt: endedAt },
  });
}

interface KindCase {
  /** Writes the row(s) whose period starts at T0; returns a check: still as written? */
  seed(db: Db): Promise<{ structureId: string; kept: () => Promise<boolean>; removed: () => Promise<boolean> }>;
  /** Rows counted by one run (several tables may make one kind). */
  count: number;
}

const CASES: Record<RetentionKind, KindCase> = {
  board: {
    count: 1,
    async seed(db) {
      const { structure, session } = await structureWithSession(db);
      const board = await db.board.create({ data: { sessionId: session.id, snapshot: new TextEncoder().encode(SECRETS.card) } });
      await db.boardUpdate.create({ data: { boardId: board.id, data: new TextEncoder().encode(SECRETS.card) } });
      return {
        structureId: structure.id,
        kept: async () =>
          (await db.board.count({ where: { id: board.id } })) === 1 && (await db.boardUpdate.count({ where: { boardId: board.id } })) === 1,
        // The log and snapshot go with it; the session stays for counts.
        removed: async () =>
          (await db.board.count({ where: { id: board.id } })) === 0 &&
          (await db.boardUpdate.count({ where: { boardId: board.id } })) === 0 &&
          (await db.groupSession.count({ where: { id: session.id } })) === 1,
      };
    },
  },
  participant: {
    count: 1,
    async seed(db) {
      const { structure, session } = await structureWithSession(db);
      const person = await personOf(db, structure.id);
      const tokenHash = randomBytes(32).toString("hex");
      const participant = await db.participant.create({
        data: { sessionId: session.id, displayName: SECRETS.name, tokenHash, personId: person.id },
      });
      const row = () => db.participant.findUniqueOrThrow({ where: { id: participant.id } });
      return {
        structureId: structure.id,
        kept: async () => (await row()).displayName === SECRETS.name && (await row()).tokenHash === tokenHash,
        removed: async () => {
          const after = await row();
          return after.displayName === ANONYMOUS_NAME && after.tokenHash !== tokenHash && after.personId === null;
        },
      };
    },
  },
  registration: {
    count: 1,
    async seed(db) {
      const { structure, session } = await structureWithSession(db);
      const registration = await db.registration.create({
        data: {
          sessionId: session.id,
          name: SECRETS.otherName,
          email: SECRETS.email,
          phone: SECRETS.phone,
          token: randomBytes(16).toString("hex"),
          attendance: "present",
        },
      });
      const row = () => db.registration.findUniqueOrThrow({ where: { id: registration.id } });
      return {
        structureId: structure.id,
        kept: async () => (await row()).email === SECRETS.email,
        removed: async () => {
          const after = await row();
          // Status and attendance stay for the counts.
          return (
            after.name === ANONYMOUS_NAME &&
            after.email === null &&
            after.phone === null &&
            after.token === null &&
            after.attendance === "present" &&
            after.status === "registered"
          );
        },
      };
    },
  },
  outbox: {
    count: 1,
    async seed(db) {
      const { structure } = await structureWithSession(db);
      const message = await db.outboxMessage.create({
        data: {
          structureId: structure.id,
          channel: "email",
          recipient: SECRETS.email,
          subject: "Invitation",
          body: SECRETS.body,
          status: "sent",
          sentAt: T0,
          createdAt: at(-3),
        },
      });
      const exists = async () => (await db.outboxMessage.count({ where: { id: message.id } })) === 1;
      return { structureId: structure.id, kept: exists, removed: async () => !(await exists()) };
    },
  },
  invitation: {
    count: 1,
    async seed(db) {
      const { structure, user } = await structureWithSession(db);
      const invitation = await db.structureInvitation.create({
        data: {
          structureId: structure.id,
          tokenHash: randomBytes(32).toString("hex"),
          createdById: user.id,
          expiresAt: T0,
          createdAt: at(-7),
        },
      });
      const exists = async () => (await db.structureInvitation.count({ where: { id: invitation.id } })) === 1;
      return { structureId: structure.id, kept: exists, removed: async () => !(await exists()) };
    },
  },
  contactCard: {
    count: 1,
    async seed(db) {
      const { structure, user } = await structureWithSession(db);
      const card = await db.contactCard.create({
        data: {
          userId: user.id,
          structureId: structure.id,
          name: SECRETS.otherName,
          role: "CIP",
          email: SECRETS.email,
          phone: SECRETS.phone,
          helpWith: SECRETS.card,
          createdAt: T0,
        },
      });
      const exists = async () => (await db.contactCard.count({ where: { id: card.id } })) === 1;
      return { structureId: structure.id, kept: exists, removed: async () => !(await exists()) };
    },
  },
  personAccess: {
    count: 2,
    async seed(db) {
      const { structure } = await structureWithSession(db);
      const person = await personOf(db, structure.id);
      await db.personSignInCode.create({
        data: { personId: person.id, codeHash: randomBytes(32).toString("hex"), expiresAt: T0, createdAt: at(-1) },
      });
      await db.personSession.create({
        data: { personId: person.id, tokenHash: randomBytes(32).toString("hex"), expiresAt: T0, createdAt: at(-30) },
      });
      const rows = async () =>
        (await db.personSignInCode.count({ where: { personId: person.id } })) +
        (await db.personSession.count({ where: { personId: person.id } }));
      return { structureId: structure.id, kept: async () => (await rows()) === 2, removed: async () => (await rows()) === 0 };
    },
  },
  diagnosticVersion: {
    count: 1,
    async seed(db) {
      const { structure } = await structureWithSession(db);
      const person = await personOf(db, structure.id);
      const diagnostic = await db.diagnostic.create({ data: { personId: person.id } });
      const version = await db.diagnosticVersion.create({
        data: {
          diagnosticId: diagnostic.id,
          action: "update",
          before: { text: SECRETS.card },
          after: { text: SECRETS.card },
          createdAt: T0,
        },
      });
      const exists = async () => (await db.diagnosticVersion.count({ where: { id: version.id } })) === 1;
      return {
        structureId: structure.id,
        kept: exists,
        removed: async () => !(await exists()) && (await db.diagnostic.count({ where: { id: diagnostic.id } })) === 1,
      };
    },
  },
  document: {
    count: 1,
    async seed(db) {
      const { structure } = await structureWithSession(db);
      const person = await personOf(db, structure.id, T0);
      const document = await db.personDocument.create({
        data: {
          personId: person.id,
          kind: "cv",
          title: SECRETS.document,
          content: new TextEncoder().encode(SECRETS.card),
          createdAt: at(-200),
        },
      });
      const exists = async () => (await db.personDocument.count({ where: { id: document.id } })) === 1;
      // The person stays: her own period is longer.
      return {
        structureId: structure.id,
        kept: exists,
        removed: async () => !(await exists()) && (await db.person.count({ where: { id: person.id } })) === 1,
      };
    },
  },
  person: {
    count: 1,
    async seed(db) {
      const { structure } = await structureWithSession(db);
      const person = await personOf(db, structure.id, T0);
      await db.diagnostic.create({ data: { personId: person.id, summary: SECRETS.card } });
      // Someone still accompanied, whose accompaniment never ended, stays whatever the date.
      const ongoing = await personOf(db, structure.id, null);
      const exists = async () => (await db.person.count({ where: { id: person.id } })) === 1;
      return {
        structureId: structure.id,
        kept: exists,
        removed: async () =>
          !(await exists()) &&
          (await db.diagnostic.count({ where: { personId: person.id } })) === 0 &&
          (await db.person.count({ where: { id: ongoing.id } })) === 1,
      };
    },
  },
  audit: {
    // A diagnostic read, a traced read, and an opening of a document she showed (her journal).
    count: 3,
    async seed(db) {
      const { structure, user } = await structureWithSession(db);
      const person = await personOf(db, structure.id);
      const document = await db.personDocument.create({
        data: { personId: person.id, kind: "cv", title: SECRETS.document, url: "https://exemple.fr/cv" },
      });
      const share = await db.documentShare.create({
        data: { documentId: document.id, personId: person.id, structureId: structure.id, expiresAt: at(7), createdAt: T0 },
      });
      await db.documentShareOpen.create({ data: { shareId: share.id, personId: person.id, actorUserId: user.id, openedAt: T0 } });
      await db.diagnosticAudit.create({
        data: { personId: person.id, actorUserId: user.id, actorOrgId: structure.id, action: "read", part: "all", createdAt: T0 },
      });
      await db.readTrace.create({
        data: { actorUserId: user.id, structureId: structure.id, what: "person.page", personId: person.id, createdAt: T0 },
      });
      const rows = async () =>
        (await db.diagnosticAudit.count({ where: { actorOrgId: structure.id } })) +
        (await db.readTrace.count({ where: { structureId: structure.id } })) +
        (await db.documentShareOpen.count({ where: { personId: person.id } }));
      return { structureId: structure.id, kept: async () => (await rows()) === 3, removed: async () => (await rows()) === 0 };
    },
  },
  appointment: {
    // A time at T0, booked with a name and a phone: name and contact go, the status stays (issue 17.2).
    count: 1,
    async seed(db) {
      const { structure, user } = await structureWithSession(db);
      const slot = await db.appointmentSlot.create({
        data: { structureId: structure.id, userId: user.id, startsAt: T0, durationMinutes: 45, mode: "phone" },
      });
      const appointment = await db.appointment.create({
        data: {
          slotId: slot.id,
          heldSlotId: slot.id,
          structureId: structure.id,
          name: SECRETS.otherName,
          phone: SECRETS.phone,
          email: SECRETS.email,
          status: "honoured",
          bookedVia: "link",
          tokenHash: randomBytes(16).toString("hex"),
        },
      });
      const row = () => db.appointment.findUniqueOrThrow({ where: { id: appointment.id } });
      return {
        structureId: structure.id,
        kept: async () => (await row()).phone === SECRETS.phone,
        removed: async () => {
          const after = await row();
          return after.name === ANONYMOUS_NAME && after.phone === null && after.email === null && after.status === "honoured";
        },
      };
    },
  },
  sessionArchive: {
    count: 1,
    async seed(db) {
      const { structure } = await structureWithSession(db);
      const archive = await db.sessionArchive.create({
        data: {
          structureId: structure.id,
          title: "Atelier",
          kind: "peer_workshop",
          startsAt: at(-10),
          deletedAt: T0,
          report: { counts: { cards: 3 }, zones: [] },
        },
      });
      const exists = async () => (await db.sessionArchive.count({ where: { id: archive.id } })) === 1;
      return { structureId: structure.id, kept: exists, removed: async () => !(await exists()) };
    },
  },
  purgeRun: {
    // The structure's line of the old run, then (of no structure) its other line and the run itself.
    count: 3,
    async seed(db) {
      const { structure } = await structureWithSession(db);
      const run = await db.purgeRun.create({ data: { startedAt: T0, finishedAt: T0, outcome: "done" } });
      await db.purgeCount.create({ data: { runId: run.id, structureId: structure.id, kind: "board", action: "deleted", count: 4 } });
      await db.purgeCount.create({ data: { runId: run.id, structureId: null, kind: "audit", action: "deleted", count: 1 } });
      const exists = async () =>
        (await db.purgeRun.count({ where: { id: run.id } })) === 1 && (await db.purgeCount.count({ where: { runId: run.id } })) === 2;
      return { structureId: structure.id, kept: exists, removed: async () => (await db.purgeRun.count({ where: { id: run.id } })) === 0 };
    },
  },
};

/** A logger that is the server's own (pino), its lines captured. */
function capturedLog() {
  const lines: string[] = [];
  return { log: createLogger("info", { write: (line: string) => void lines.push(line) }), lines };
}

describe("the purge, kind by kind, with a controlled clock", () => {
  it.each([...RETENTION_KINDS])(
    "%s: kept the day before its time is up, removed the day after, counted and logged without content",
    async (kind) => {
      const database: TestDatabase = await createTestDatabase();
      try {
        const { db } = database;
        const rule = RETENTION_POLICY[kind];
        const { structureId, kept, removed } = await CASES[kind].seed(db);
        const captured = capturedLog();

        const before = await runPurge({ db, now: at(rule.defaultDays - 1), log: captured.log });
        expect(before.status).toBe("done");
        expect(await kept()).toBe(true);

        const after = await runPurge({ db, now: at(rule.defaultDays + 1), log: captured.log });
        expect(after.status).toBe("done");
        expect(await removed()).toBe(true);

        // Counted for this structure (purge runs: the structure's lines and the run itself, of no structure).
        const action = rule.action === "delete" ? "deleted" : "anonymised";
        if (after.status === "skipped") throw new Error("unreachable");
        const counted = after.counts
          .filter((line) => line.kind === kind && line.action === action)
          .reduce((sum, line) => sum + line.count, 0);
        expect(counted).toBe(CASES[kind].count);
        const stored = await db.purgeCount.findMany({ where: { runId: after.runId, kind } });
        expect(stored.reduce((sum, line) => sum + line.count, 0)).toBe(CASES[kind].count);
        if (kind !== "purgeRun") expect(stored.every((line) => line.structureId === structureId && line.action === action)).toBe(true);
        expect((await db.purgeRun.findUniqueOrThrow({ where: { id: after.runId } })).outcome).toBe("done");

        // Logged: the counts, never what the rows held.
        const log = captured.lines.join("");
        expect(log).toContain('"msg":"purge finished"');
        expect(log).toContain(`"kind":"${kind}"`);
        for (const secret of Object.values(SECRETS)) expect(log).not.toContain(secret);
        expect(log).not.toContain("mariam");
        // The lease is given back.
        expect(await db.jobLease.count()).toBe(0);
      } finally {
        await database.cleanup();
      }
    },
  );
});

describe("the purge's rules around the periods", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.cleanup());
  const quiet = { info() {}, error() {} };

  it("a structure's own period applies to it alone; the others keep the default", async () => {
    const { db } = database;
    const short = await structureWithSession(db);
    const usual = await structureWithSession(db);
    await db.retentionOverride.create({ data: { structureId: short.structure.id, kind: "board", days: 30 } });
    const shortBoard = await db.board.create({ data: { sessionId: short.session.id } });
    const usualBoard = await db.board.create({ data: { sessionId: usual.session.id } });

    await runPurge({ db, now: at(31), log: quiet });
    expect(await db.board.count({ where: { id: shortBoard.id } })).toBe(0);
    expect(await db.board.count({ where: { id: usualBoard.id } })).toBe(1);
  });

  it("a board someone is on right now is left for the next run", async () => {
    const { db } = database;
    const { session } = await structureWithSession(db);
    const board = await db.board.create({ data: { sessionId: session.id } });
    const live: PurgeBoards = { connectedPeople: (sessionId) => new Map(sessionId === session.id ? [["participant:x", 1]] : []) };

    const first = await runPurge({ db, now: at(200), log: quiet, boards: live });
    expect(await db.board.count({ where: { id: board.id } })).toBe(1);
    expect(first.status === "done" && first.postponed.board).toBe(1);

    // Once nobody is on it, it is unloaded from the board server before its rows go.
    const forgotten: string[] = [];
    const idle: PurgeBoards = { connectedPeople: () => new Map(), forgetBoard: async (sessionId) => void forgotten.push(sessionId) };
    await runPurge({ db, now: at(201), log: quiet, boards: idle });
    expect(await db.board.count({ where: { id: board.id } })).toBe(0);
    expect(forgotten).toContain(session.id);
  });

  it("works in batches: more rows than one batch all go", async () => {
    const { db } = database;
    const { structure } = await structureWithSession(db);
    await db.outboxMessage.createMany({
      data: Array.from({ length: 25 }, (_, index) => ({
        structureId: structure.id,
        channel: "email",
        recipient: `r${index}@exemple.fr`,
        subject: "s",
        body: "b",
        createdAt: T0,
      })),
    });
    const result = await runPurge({ db, now: at(400), log: quiet, batchSize: 4 });
    expect(await db.outboxMessage.count({ where: { structureId: structure.id } })).toBe(0);
    expect(
      result.status === "done" && result.counts.find((line) => line.structureId === structure.id && line.kind === "outbox")?.count,
    ).toBe(25);
  });

  it("a run that fails is recorded as failed with what it did, gives the lease back, and logs the error's kind, not its text", async () => {
    const { db } = database;
    const { structure } = await structureWithSession(db);
    await db.outboxMessage.create({
      data: { structureId: structure.id, channel: "email", recipient: SECRETS.email, subject: "s", body: SECRETS.body, createdAt: T0 },
    });
    // The database refuses in the middle of this structure's pass, with an error that quotes a value.
    const failing = new Proxy(db, {
      get(target, property, receiver) {
        if (property !== "contactCard") return Reflect.get(target, property, receiver);
        return {
          findMany: (args: { where: { structureId?: string } }) =>
            args.where.structureId === structure.id
              ? Promise.reject(new Error(`no such thing: ${SECRETS.email}`))
              : target.contactCard.findMany(args as Parameters<typeof target.contactCard.findMany>[0]),
        };
      },
    });
    const captured = capturedLog();
    const result = await runPurge({ db: failing, now: at(400), log: captured.log });
    expect(result.status).toBe("failed");
    if (result.status === "skipped") throw new Error("unreachable");
    expect((await db.purgeRun.findUniqueOrThrow({ where: { id: result.runId } })).outcome).toBe("failed");
    // What it had done before the error is counted.
    expect(
      await db.purgeCount.findMany({ where: { runId: result.runId, structureId: structure.id }, select: { kind: true, count: true } }),
    ).toContainEqual({
      kind: "outbox",
      count: 1,
    });
    expect(await db.jobLease.count()).toBe(0);
    const log = captured.lines.join("");
    expect(log).toContain('"msg":"purge failed"');
    expect(log).not.toContain(SECRETS.email);
  });

  it("a lease held by another process makes the run skip; an expired one is taken over", async () => {
    const { db } = database;
    await db.jobLease.create({ data: { name: "purge", holder: "another", until: at(1000) } });
    expect((await runPurge({ db, now: at(999), log: quiet })).status).toBe("skipped");
    // Its holder crashed: once its time is up, the next run takes it.
    expect((await runPurge({ db, now: at(1001), log: quiet })).status).toBe("done");
    expect(await db.jobLease.count()).toBe(0);
  });
});
