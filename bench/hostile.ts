// One hostile connection floods each kind of message in turn while 50 honest participants edit:
// the honest p99 fan-out and the server's RSS, with the default budgets (docs/decisions/008).
// The attacker reconnects whenever it is closed, as a script with a join code would.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";
import { encodeFacilitationFrame } from "../board-core/facilitation-protocol.js";
import { originOf } from "../test/support/clients.js";
import { createFacilitatorWithSession, createTestDatabase, participantCookie } from "../test/support/fixtures.js";
import { noteRecord } from "./edits.js";
import { gatherCrowd, runLoad, untilIdle, type LoadFigures, type LoadSpec } from "./load.js";
import { inBatches } from "./participants.js";
import { startOurServer } from "./servers.js";
import { fixed, MiB, ms, renderTable, sampleProcess } from "./stats.js";
import { boardRecords } from "../board-core/shared-doc.js";

export interface HostilePlan {
  participants: number;
  writers: number;
  editsPerSecond: number;
  load: Omit<LoadSpec, "editsPerSecond">;
  /** The RSS the server must stay under, whatever the attacker sends. */
  rssBoundMiB: number;
}

export interface HostileCell {
  flood: string;
  figures: LoadFigures;
  /** Highest RSS sampled during the run. */
  peakRssMiB: number;
  attackerFrames: number;
  attackerMiB: number;
  attackerClosed: number;
}

type Flood = { name: string; frame: (i: number) => Uint8Array | null; reads: boolean; everyMs?: number };

const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** An update as large as the server accepts: one note whose text fills the frame. */
function maxSizeUpdates(): (i: number) => Uint8Array {
  return (i) => {
    const doc = new Y.Doc();
    let update: Uint8Array = new Uint8Array();
    doc.on("update", (made: Uint8Array) => (update = made));
    boardRecords(doc).set(`shape:hostile-${i}`, noteRecord(`hostile-${i}`, { x: 0, y: 0 }, "x".repeat(MAX_MESSAGE_BYTES - 1024)));
    doc.destroy();
    return frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update)));
  };
}

const FLOODS: Flood[] = [
  { name: "none", frame: () => null, reads: true },
  { name: "updates at max size", frame: maxSizeUpdates(), reads: true },
  { name: "sync step 1", frame: () => Uint8Array.of(0, 0, 1, 0), reads: true },
  {
    name: "awareness",
    frame: (i) =>
      frame((e) => {
        const state = JSON.stringify({ presence: { userName: "Animatrice", cursor: { x: i, y: i, type: "default", rotation: 0 } } });
        const inner = frame(
          (u) => (
            encoding.writeVarUint(u, 1),
            encoding.writeVarUint(u, 777),
            encoding.writeVarUint(u, i + 1),
            encoding.writeVarString(u, state)
          ),
        );
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(e, inner);
      }),
    reads: true,
  },
  { name: "facilitation commands", frame: (i) => encodeFacilitationFrame({ type: "clock", sentAt: i }), reads: true },
  { name: "phone posts", frame: (i) => encodeFacilitationFrame({ type: "post", text: `carte ${i}` }), reads: true },
  // Never reads; asks for the whole board as often as its budget allows, so answers pile up.
  { name: "non-reading client", frame: () => Uint8Array.of(0, 0, 1, 0), reads: false, everyMs: 2_100 },
];

/** Sends `flood` as fast as the socket takes it, reconnecting whenever the server closes it. */
function attack(url: string, cookie: string, flood: Flood, onFirstOpen: () => void = () => undefined) {
  let stopped = false;
  let frames = 0;
  let bytes = 0;
  let closed = 0;
  let socket: WebSocket | null = null;
  let i = 0;
  const open = () => {
    if (stopped) return;
    const ws = new WebSocket(url, { headers: { Origin: originOf(url), Cookie: cookie }, perMessageDeflate: false });
    socket = ws;
    ws.on("open", () => {
      if (closed === 0) onFirstOpen();
      if (!flood.reads) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      const pump = () => {
        for (let sent = 0; !stopped && ws.readyState === ws.OPEN && ws.bufferedAmount < 4 * MiB; sent++) {
          if (flood.everyMs && sent > 0) break;
          const next = flood.frame(i++);
          if (!next) return;
          ws.send(next);
          frames += 1;
          bytes += next.byteLength;
        }
        if (!stopped && ws.readyState === ws.OPEN) setTimeout(pump, flood.everyMs ?? 1);
      };
      pump();
    });
    ws.on("close", () => {
      closed += 1;
      setTimeout(open, 50);
    });
    ws.on("error", () => undefined);
  };
  open();
  return {
    stop() {
      stopped = true;
      socket?.terminate();
      return { frames, bytes, closed };
    },
  };
}

/**
 * The attacker runs in a process of its own, so that its sending loop does not take the load
 * generator's CPU (which would be measured as the server's latency).
 */
function attackInChild(url: string, cookie: string, flood: Flood) {
  const child = fork(fileURLToPath(import.meta.url), [url, cookie, flood.name], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = new Promise<void>((resolve) => child.once("message", () => resolve()));
  return {
    ready,
    stop: () =>
      new Promise<{ frames: number; bytes: number; closed: number }>((resolve) => {
        child.once("message", (figures) => resolve(figures as { frames: number; bytes: number; closed: number }));
        child.send("stop");
      }).finally(() => child.kill()),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const [url, cookie, name] = process.argv.slice(2);
  const attacker = attack(
    url,
    cookie,
    FLOODS.find((flood) => flood.name === name)!,
    () => process.send!("ready"),
  );
  process.on("message", () => process.send!(attacker.stop(), () => process.exit(0)));
}

export async function hostile(plan: HostilePlan, log: (line: string) => void): Promise<HostileCell[]> {
  const database = await createTestDatabase();
  try {
    const { sessionId } = await createFacilitatorWithSession(database.db);
    const seats = Array.from({ length: plan.participants + 1 }, (_, seat) => seat);
    const cookies = await inBatches(seats, 8, (seat) => participantCookie(database.db, sessionId, `Participant ${seat + 1}`));
    const attackerCookie = cookies.pop()!;
    // Default limits: what is measured is the server as it ships.
    const server = await startOurServer(database.url);
    const cells: HostileCell[] = [];
    try {
      const crowd = await gatherCrowd(server, sessionId, cookies, plan.participants, plan.writers);
      try {
        for (const flood of FLOODS) {
          const attacker = attackInChild(`${server.wsBase}/${sessionId}`, attackerCookie, flood);
          await attacker.ready;
          let peak = 0;
          const sampler = setInterval(() => (peak = Math.max(peak, sampleProcess(server.pid).rssBytes)), 100);
          const figures = await runLoad(crowd, { editsPerSecond: plan.editsPerSecond, ...plan.load });
          clearInterval(sampler);
          const sent = await attacker.stop();
          cells.push({
            flood: flood.name,
            figures,
            peakRssMiB: Math.max(peak, sampleProcess(server.pid).rssBytes) / MiB,
            attackerFrames: sent.frames,
            attackerMiB: sent.bytes / MiB,
            attackerClosed: sent.closed,
          });
          log(
            `hostile ${flood.name}: honest p99 ${figures.latencyMs.p99.toFixed(1)} ms, peak RSS ${(peak / MiB).toFixed(0)} MiB, attacker closed ${sent.closed}×`,
          );
          await untilIdle(server);
        }
      } finally {
        crowd.close();
      }
    } finally {
      await server.stop();
    }
    return cells;
  } finally {
    await database.cleanup();
  }
}

export function renderHostile(cells: HostileCell[], plan: HostilePlan): string {
  const rows = cells.map((cell) => [
    cell.flood,
    ms(cell.figures.latencyMs.p99),
    String(cell.figures.lostDeliveries),
    fixed(cell.peakRssMiB),
    `${cell.attackerFrames} / ${fixed(cell.attackerMiB, 1)} MiB`,
    String(cell.attackerClosed),
    cell.figures.latencyMs.p99 < 50 && cell.peakRssMiB < plan.rssBoundMiB ? "yes" : "no",
  ]);
  return [
    `Hostile connection, ${plan.participants} honest participants at ${plan.editsPerSecond} edits/s (p99 < 50 ms, RSS < ${plan.rssBoundMiB} MiB)`,
    renderTable(["flood", "honest p99 ms", "lost", "peak RSS MiB", "attacker sent", "attacker closed", "met"], rows),
  ].join("\n");
}
