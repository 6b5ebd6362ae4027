// What deciding who is asking costs the relay's thread for each board upgrade (issue 19, join storms):
// 400 participants' cookies checked as `boardAccess` does, the token's row read through Prisma (as
// the pages read it) and through the board store's own connection (as the board server reads it
// since 2026-12-03), on SQLite and, when it runs, PostgreSQL. CPU of this process per upgrade
// (`process.cpuUsage`, so including Prisma's engine and the drivers), medians of 7 rounds.
// Run: npx tsx bench/upgrade-cost.ts
import { boardAccess } from "../app/auth/auth.server.js";
import { createDb } from "../prisma/db.js";
import { openBoardStore } from "../server/board/board-store.js";
import { createFacilitatorWithSession, createTestDatabase, participantCookie } from "../test/support/fixtures.js";
import { createPostgresDatabase, postgresForTests } from "../test/support/postgres.js";

const PARTICIPANTS = 400;
const ROUNDS = 7;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(label: string, url: string, db: ReturnType<typeof createDb>): Promise<void> {
  const store = openBoardStore(db, url);
  try {
    const { sessionId } = await createFacilitatorWithSession(db);
    const cookies: string[] = [];
    for (let i = 0; i < PARTICIPANTS; i++) cookies.push(await participantCookie(db, sessionId, `Personne ${i}`));
    const perUpgrade = async (viaStore: boolean) => {
      const before = process.cpuUsage();
      for (const cookie of cookies) {
        const access = await boardAccess(db, cookie, sessionId, viaStore ? store.participantByToken : undefined);
        if (access.role !== "participant") throw new Error(`${label}: expected a participant, got ${access.role}`);
      }
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000 / cookies.length;
    };
    const prisma: number[] = [];
    const own: number[] = [];
    await perUpgrade(false); // Prisma compiles the query once
    await perUpgrade(true);
    for (let round = 0; round < ROUNDS; round++) {
      prisma.push(await perUpgrade(false));
      own.push(await perUpgrade(true));
    }
    const [a, b] = [median(prisma), median(own)];
    console.log(
      `${label}: ${PARTICIPANTS} upgrades, CPU per upgrade through Prisma ${a.toFixed(3)} ms, ` +
        `through the board store ${b.toFixed(3)} ms (÷${(a / b).toFixed(0)}); for the ${PARTICIPANTS}: ${(a * PARTICIPANTS).toFixed(0)} ms → ${(b * PARTICIPANTS).toFixed(0)} ms`,
    );
  } finally {
    await store.close();
  }
}

const sqlite = await createTestDatabase();
try {
  await measure("SQLite", sqlite.url, sqlite.db);
} finally {
  await sqlite.cleanup();
}
if (await postgresForTests()) {
  const database = await createPostgresDatabase();
  const db = createDb(database.url);
  try {
    await measure("PostgreSQL", database.url, db);
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}
