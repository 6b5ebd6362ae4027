// Several nodes run the outbox's round on one database: a message leaves once. Two rounds run at once,
// each through its own database client (two nodes' connections): the mail server holds the first
// message each round hands it until both rounds are sending, so the rounds certainly overlap, and a
// message both rounds try is sent by one. A message claimed by a node that died is sent once its
// claim is over, not before. On SQLite and on PostgreSQL.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runOutboxRound } from "../app/appointments/reminders.server.js";
import { CLAIM_MS, type Mailer } from "../app/registrations/outbox.server.js";
import { createDb, type Db } from "../prisma/db.js";
import { createTestDatabase } from "./support/fixtures.js";
import { postgresForTests, withPostgresDatabase } from "./support/postgres.js";

/** Skipped with a message outside CI when no PostgreSQL answers; under CI, never skipped. */
const postgres = await postgresForTests();

const NOW = new Date("2027-03-02T09:05:00.000Z");
const MESSAGES = 12;

async function dueMessages(db: Db, count: number, extra: { claimedBy?: string; claimedUntil?: Date } = {}): Promise<string[]> {
  const structure = await db.structure.create({ data: { name: `Structure ${randomUUID()}` } });
  const subjects = Array.from({ length: count }, (_, index) => `Rappel ${index} ${randomUUID()}`);
  for (const subject of subjects) {
    await db.outboxMessage.create({
      data: {
        structureId: structure.id,
        channel: "email",
        recipient: "awa@exemple.fr",
        subject,
        body: "Votre rendez-vous est demain.",
        status: "queued",
        notBefore: new Date(NOW.getTime() - 60_000),
        ...extra,
      },
    });
  }
  return subjects;
}

/** A mail server that records what it was given, holding the first sends until two are in flight at once. */
function meetingMailServer() {
  const sent: string[] = [];
  let inFlight = 0;
  let open: () => void = () => {};
  const bothSending = new Promise<void>((resolve) => (open = resolve));
  const mailer: Mailer = {
    from: "Atelier commun <no-reply@exemple.fr>",
    async sendMail(message) {
      inFlight += 1;
      if (inFlight >= 2) open();
      await bothSending;
      sent.push(message.subject);
      inFlight -= 1;
      return {};
    },
  };
  return { mailer, sent, open };
}

async function twoRoundsAtOnce(url: string) {
  const [nodeA, nodeB] = [createDb(url), createDb(url)];
  try {
    const subjects = await dueMessages(nodeA, MESSAGES);
    const { mailer, sent, open } = meetingMailServer();
    const rounds = [runOutboxRound(nodeA, mailer, NOW, "node-a"), runOutboxRound(nodeB, mailer, NOW, "node-b")];
    // Should a round end without sending at all, the other is let go rather than left waiting.
    for (const round of rounds) round.then(open, open);
    const [byA, byB] = await Promise.all(rounds);

    expect([...sent].sort()).toEqual([...subjects].sort());
    expect(byA + byB).toBe(MESSAGES);
    // Both rounds sent, at the same time (the mail server let nobody through before).
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    const stored = await nodeA.outboxMessage.findMany({ where: { subject: { in: subjects } } });
    expect(stored.map((message) => message.status)).toEqual(Array(MESSAGES).fill("sent"));
    expect(new Set(stored.map((message) => message.claimedBy))).toEqual(new Set(["node-a", "node-b"]));
  } finally {
    await Promise.all([nodeA.$disconnect(), nodeB.$disconnect()]);
  }
}

async function expiredClaimTakenOver(url: string) {
  const db = createDb(url);
  try {
    const [left] = await dueMessages(db, 1, { claimedBy: "dead-node", claimedUntil: new Date(NOW.getTime() - 1_000) });
    const [held] = await dueMessages(db, 1, { claimedBy: "busy-node", claimedUntil: new Date(NOW.getTime() + CLAIM_MS - 60_000) });
    const sent: string[] = [];
    const mailer: Mailer = { from: "Atelier commun <no-reply@exemple.fr>", sendMail: async (message) => sent.push(message.subject) };

    expect(await runOutboxRound(db, mailer, NOW, "node-c")).toBe(1);
    expect(sent).toEqual([left]);
    // The busy node's claim runs on: nobody else sends its message meanwhile.
    expect(await runOutboxRound(db, mailer, new Date(NOW.getTime() + 60_000), "node-c")).toBe(0);
    // Its node died: once the claim is over, the message leaves, once.
    expect(await runOutboxRound(db, mailer, new Date(NOW.getTime() + CLAIM_MS), "node-c")).toBe(1);
    expect(await runOutboxRound(db, mailer, new Date(NOW.getTime() + 2 * CLAIM_MS), "node-c")).toBe(0);
    expect(sent).toEqual([left, held]);
  } finally {
    await db.$disconnect();
  }
}

/** Runs `use` on a fresh migrated SQLite file, removed afterwards. */
async function withSqliteDatabase(use: (url: string) => Promise<void>) {
  const database = await createTestDatabase();
  try {
    await use(database.url);
  } finally {
    await database.cleanup();
  }
}

describe("the outbox on several nodes (SQLite)", () => {
  it("two rounds at once send every message, none twice", { timeout: 30_000 }, () => withSqliteDatabase(twoRoundsAtOnce));

  it("a message claimed by a node that died is sent once its claim is over", { timeout: 30_000 }, () =>
    withSqliteDatabase(expiredClaimTakenOver),
  );
});

describe.skipIf(!postgres)("the outbox on several nodes (PostgreSQL)", () => {
  it("two rounds at once send every message, none twice", { timeout: 60_000 }, () => withPostgresDatabase(twoRoundsAtOnce));

  it("a message claimed by a node that died is sent once its claim is over", { timeout: 60_000 }, () =>
    withPostgresDatabase(expiredClaimTakenOver),
  );
});
