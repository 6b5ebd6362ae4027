// Rooms per node: many small boards open at once on one server process, as on a busy morning
// of workshops. What one more open board costs in memory, and how long a board takes to open.
import { createFacilitatorWithSession, createSessionFor, createTestDatabase, participantCookie } from "../test/support/fixtures.js";
import { untilIdle } from "./load.js";
import { connectRawParticipant, inBatches, type Participant } from "./participants.js";
import { startOurServer } from "./servers.js";
import { median, MiB, percentile, sampleProcess } from "./stats.js";

export interface RoomsPlan {
  rooms: number;
  participantsPerRoom: number;
}

export interface RoomsFigures {
  rooms: number;
  connections: number;
  baselineRssMiB: number;
  rssMiB: number;
  rssPerRoomKiB: number;
  /** First participant of a board: connection start → sync step 2 received (the board is loaded from SQLite). */
  roomLoadMs: { p50: number; p95: number; max: number };
  /** Two more participants joining a loaded board. */
  joinMs: { p50: number; p95: number };
  openAllSeconds: number;
}

export async function roomsPerNode(plan: RoomsPlan, log: (line: string) => void): Promise<RoomsFigures> {
  const database = await createTestDatabase();
  const participants: Participant[] = [];
  try {
    const { user, structure, sessionId: first } = await createFacilitatorWithSession(database.db);
    const sessions = [first];
    while (sessions.length < plan.rooms) sessions.push(await createSessionFor(database.db, user.id, structure.id));
    const seats = sessions.flatMap((sessionId) => Array.from({ length: plan.participantsPerRoom }, (_, seat) => ({ sessionId, seat })));
    const cookies = await inBatches(seats, 8, ({ sessionId, seat }) =>
      participantCookie(database.db, sessionId, `Participant ${seat + 1}`),
    );
    log(`rooms: ${plan.rooms} sessions and ${cookies.length} participants created`);

    const server = await startOurServer(database.url);
    try {
      await untilIdle(server);
      const baseline = sampleProcess(server.pid);
      const loads: number[] = [];
      const joins: number[] = [];
      const openedAt = performance.now();
      // One board at a time, so each load time is that board's alone.
      for (const [room, sessionId] of sessions.entries()) {
        const url = `${server.wsBase}/${sessionId}`;
        const seatCookies = cookies.slice(room * plan.participantsPerRoom, (room + 1) * plan.participantsPerRoom);
        const opener = connectRawParticipant(url, seatCookies[0]);
        participants.push(opener);
        loads.push(await opener.synced);
        const others = seatCookies.slice(1).map((cookie) => connectRawParticipant(url, cookie));
        participants.push(...others);
        joins.push(...(await Promise.all(others.map((other) => other.synced))));
      }
      const openAllSeconds = (performance.now() - openedAt) / 1000;
      await untilIdle(server);
      const loaded = sampleProcess(server.pid);
      const drops = participants.reduce((sum, participant) => sum + participant.drops, 0);
      if (drops > 0) throw new Error(`rooms: ${drops} connections dropped`);
      const sortedLoads = Float64Array.from(loads).sort();
      return {
        rooms: sessions.length,
        connections: participants.length,
        baselineRssMiB: baseline.rssBytes / MiB,
        rssMiB: loaded.rssBytes / MiB,
        rssPerRoomKiB: (loaded.rssBytes - baseline.rssBytes) / sessions.length / 1024,
        roomLoadMs: { p50: median(loads), p95: percentile(sortedLoads, 95), max: sortedLoads[sortedLoads.length - 1] },
        joinMs: { p50: median(joins), p95: percentile(Float64Array.from(joins).sort(), 95) },
        openAllSeconds,
      };
    } finally {
      for (const participant of participants) participant.close();
      await server.stop();
    }
  } finally {
    await database.cleanup();
  }
}
