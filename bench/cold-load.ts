// Cold load: a board whose log holds 100,000 updates, opened by its first participant. First as
// stored (the room replays the whole log), then again once the room has compacted the log into a
// snapshot and been unloaded (BOARD_IDLE_UNLOAD_MS is set small so that happens quickly).
import Database from "better-sqlite3";
import { parseDatabaseUrl } from "../prisma/db.js";
import { createFacilitatorWithSession, createSessionFor, createTestDatabase, participantCookie } from "../test/support/fixtures.js";
import { workshopUpdates } from "./edits.js";
import { connectRawParticipant } from "./participants.js";
import { startOurServer, type BenchServer } from "./servers.js";
import { median } from "./stats.js";

export interface ColdLoadPlan {
  updates: number;
  /** Notes on the board at the end; the other updates move or retype them. */
  notes: number;
  /** Boards of `updates` each; every one is loaded once from its log, then `snapshotLoads` times from its snapshot. */
  boards: number;
  snapshotLoads: number;
}

export interface ColdLoadFigures {
  storedUpdates: number;
  logBytes: number;
  snapshotBytes: number;
  /** Connection start → sync step 2, first load (log replay), per board. */
  replayMs: number[];
  /** The same after compaction and unload (snapshot + the few entries written since). */
  snapshotMs: number[];
  /** The server's longest event-loop delay during each of those loads (the other boards' wait), ms. */
  replayLoopMaxMs: number[];
  snapshotLoopMaxMs: number[];
  replayMedianMs: number;
  snapshotMedianMs: number;
}

const IDLE_UNLOAD_MS = 200;

export async function coldLoad(plan: ColdLoadPlan, log: (line: string) => void): Promise<ColdLoadFigures> {
  const database = await createTestDatabase();
  try {
    const { user, structure, sessionId: warmUpSession } = await createFacilitatorWithSession(database.db);
    const sessions: string[] = [];
    for (let board = 0; board < plan.boards; board++) sessions.push(await createSessionFor(database.db, user.id, structure.id));
    const cookie = new Map<string, string>();
    for (const sessionId of [warmUpSession, ...sessions]) cookie.set(sessionId, await participantCookie(database.db, sessionId, "Awa"));

    const generatedAt = performance.now();
    const updates = workshopUpdates(plan.updates, { notes: plan.notes });
    const logBytes = updates.reduce((sum, update) => sum + update.length, 0);
    log(
      `cold load: ${updates.length} updates generated (${(logBytes / 1024 / 1024).toFixed(1)} MiB) in ${((performance.now() - generatedAt) / 1000).toFixed(1)} s`,
    );
    const target = parseDatabaseUrl(database.url);
    if (target.provider !== "sqlite") throw new Error("the cold-load bench writes the SQLite file directly");
    const sqlite = new Database(target.filePath);
    try {
      for (const sessionId of sessions) insertLog(sqlite, sessionId, updates);

      const server = await startOurServer(database.url, { BOARD_IDLE_UNLOAD_MS: String(IDLE_UNLOAD_MS) });
      try {
        // The server's first board pays for module loading and JIT warm-up: not ours to count.
        await openAndClose(server, warmUpSession, cookie.get(warmUpSession)!);
        const replayMs: number[] = [];
        const snapshotMs: number[] = [];
        const replayLoopMaxMs: number[] = [];
        const snapshotLoopMaxMs: number[] = [];
        const load = async (sessionId: string, times: number[], loopMax: number[]) => {
          await server.eventLoop.take();
          times.push(await openAndClose(server, sessionId, cookie.get(sessionId)!));
          loopMax.push((await server.eventLoop.take()).maxMs ?? Number.NaN);
        };
        for (const sessionId of sessions) {
          await load(sessionId, replayMs, replayLoopMaxMs);
          for (let again = 0; again < plan.snapshotLoads; again++) {
            await untilUnloaded(sqlite, sessionId);
            await load(sessionId, snapshotMs, snapshotLoopMaxMs);
          }
        }
        // A big snapshot is stored in parts (BoardSnapshotPart), a small one in the board's row.
        const snapshot = sqlite
          .prepare(
            `SELECT COALESCE(length(b."snapshot"), 0) + COALESCE((SELECT SUM(length(p."data")) FROM "BoardSnapshotPart" p
               WHERE p."boardId" = b."id" AND p."generation" = b."snapshotGeneration"), 0) AS bytes
             FROM "Board" b WHERE b."sessionId" = ?`,
          )
          .get(sessions[0]) as { bytes: number | null };
        return {
          storedUpdates: updates.length,
          logBytes,
          snapshotBytes: snapshot.bytes ?? 0,
          replayMs,
          snapshotMs,
          replayLoopMaxMs,
          snapshotLoopMaxMs,
          replayMedianMs: median(replayMs),
          snapshotMedianMs: median(snapshotMs),
        };
      } finally {
        await server.stop();
      }
    } finally {
      sqlite.close();
    }
  } finally {
    await database.cleanup();
  }
}

/** Appends the updates to the board's log in one transaction, as the server itself would store them. */
function insertLog(sqlite: Database.Database, sessionId: string, updates: Uint8Array[]): void {
  const board = sqlite.prepare(`SELECT "id" FROM "Board" WHERE "sessionId" = ?`).get(sessionId) as { id: string };
  const insert = sqlite.prepare(`INSERT INTO "BoardUpdate" ("boardId", "data", "createdAt") VALUES (?, ?, ?)`);
  const createdAt = new Date().toISOString().replace("Z", "+00:00"); // the format Prisma writes
  sqlite.transaction(() => {
    for (const update of updates) insert.run(board.id, Buffer.from(update.buffer, update.byteOffset, update.byteLength), createdAt);
  })();
}

async function openAndClose(server: BenchServer, sessionId: string, cookie: string): Promise<number> {
  const participant = connectRawParticipant(`${server.wsBase}/${sessionId}`, cookie);
  try {
    return await participant.synced;
  } finally {
    participant.close();
  }
}

/**
 * Waits until the board's log is compacted (the server does it after a long log is loaded, or
 * on unload), then past the idle-unload delay, so the next connection loads it afresh.
 */
async function untilUnloaded(sqlite: Database.Database, sessionId: string): Promise<void> {
  const count = sqlite.prepare(
    `SELECT COUNT(*) AS entries FROM "BoardUpdate" u JOIN "Board" b ON b."id" = u."boardId" WHERE b."sessionId" = ?`,
  );
  const until = performance.now() + 60_000;
  while ((count.get(sessionId) as { entries: number }).entries > 100) {
    if (performance.now() > until) throw new Error("cold load: the board's log was never compacted");
    await delay(50);
  }
  await delay(IDLE_UNLOAD_MS * 3);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
