// The participant's phone (issue 13): real Chromium at 360 px, network and CPU throttled through
// CDP, against the production build started as `npm start` does (NODE_ENV=production) on its own
// port and database. Each run opens a fresh browser context (empty cache, no cookie), then repeats
// the journey in a new tab of the same context (the warm cache of a second visit).
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { launchChromium, ANDROID_PHONE } from "../test/e2e/browser.js";
import { createFacilitatorWithSession, createSessionFor, createTestDatabase, professionalCookie } from "../test/support/fixtures.js";
import { findHaproxy, startHaproxy, throwawayCertificate, type HaproxyProcess } from "../scripts/haproxy.js";
import { freePort } from "../test/support/server-process.js";
import { startOurServer } from "./servers.js";
import { median } from "./stats.js";

export interface NetworkProfile {
  name: "wifi" | "slow-4g" | "3g";
  /** null: no throttling at all. */
  network: { downloadKbps: number; uploadKbps: number; latencyMs: number } | null;
  cpuSlowdown: number;
}

const ALL_PROFILES: NetworkProfile[] = [
  { name: "wifi", network: null, cpuSlowdown: 1 },
  { name: "slow-4g", network: { downloadKbps: 9_000, uploadKbps: 1_500, latencyMs: 170 }, cpuSlowdown: 4 },
  { name: "3g", network: { downloadKbps: 1_600, uploadKbps: 750, latencyMs: 300 }, cpuSlowdown: 4 },
];

/** PHONE_PROFILES=slow-4g,3g: only those (while working on one journey); all three by default. */
export const PROFILES: NetworkProfile[] = process.env.PHONE_PROFILES
  ? ALL_PROFILES.filter((profile) => process.env.PHONE_PROFILES!.split(",").includes(profile.name))
  : ALL_PROFILES;
/**
 * PHONE_FRONT=https: the browser reaches the server through deploy/haproxy.cfg's HTTPS entry (TLS,
 * HTTP/2 offered), as a public deployment is reached; by default it talks HTTP/1.1 to the Node server
 * itself, as the README's `npm start` serves it. The certificate is a throwaway self-signed one.
 */
const FRONT: "direct" | "https" = process.env.PHONE_FRONT === "https" ? "https" : "direct";
/** PHONE_BOARD=0: the join journey only (the board's runs take most of the bench's time). */
const WITH_BOARD = process.env.PHONE_BOARD !== "0";

export interface PhonePlan {
  runs: number;
  profiles: NetworkProfile[];
}

/** One journey: how long, how many bytes over the wire, how many requests (and how many from cache). */
export interface Journey {
  ms: number;
  /** Of which: from the submit click to the connected screen (the rest is the join page). */
  afterSubmitMs?: number;
  /**
   * The same journey by the page's own clock (performance.now): navigation start → load event, plus
   * the tap → "Connecté" shown. Leaves out what only the harness spends — opening the tab before the
   * navigation starts, Playwright's checks before its click (two animation frames at CPU ×4, a hit
   * test over CDP) and the polling after the screen changed.
   */
  inPageMs?: number;
  inPageAfterSubmitMs?: number;
  bytes: number;
  requests: number;
  fromCache: number;
}

export interface PhoneCell {
  profile: NetworkProfile;
  join: { cold: Journey[]; warm: Journey[] };
  board: { cold: Journey[]; warm: Journey[] };
  medians: {
    joinColdMs: number;
    joinWarmMs: number;
    joinColdBytes: number;
    joinWarmBytes: number;
    /** The same two journeys by the page's own clock (Journey.inPageMs). */
    joinColdInPageMs: number;
    joinWarmInPageMs: number;
    boardColdMs: number;
    boardWarmMs: number;
    boardColdBytes: number;
    boardWarmBytes: number;
  };
}

/** Sums what crossed the network for one page, from CDP's own accounting (headers included). */
async function watchNetwork(page: Page, context: BrowserContext, profile: NetworkProfile) {
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  if (profile.network) {
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: profile.network.latencyMs,
      downloadThroughput: (profile.network.downloadKbps * 1000) / 8,
      uploadThroughput: (profile.network.uploadKbps * 1000) / 8,
    });
  }
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpuSlowdown });
  const totals = { bytes: 0, requests: 0, fromCache: 0 };
  cdp.on("Network.requestWillBeSent", () => totals.requests++);
  cdp.on("Network.requestServedFromCache", () => totals.fromCache++);
  cdp.on("Network.loadingFinished", (event) => (totals.bytes += event.encodedDataLength));
  const waterfall = WATERFALL ? watchWaterfall(cdp) : null;
  return { totals, cdp, waterfall };
}

/**
 * PHONE_WATERFALL=1: a line per request of each cold join journey — when it was asked for, when its
 * first byte and its last byte came (ms from the journey's start) — to see which waits are in series.
 */
const WATERFALL = process.env.PHONE_WATERFALL === "1";

/**
 * In the page: when the tap came, when the phone screen first showed, when it said "Connecté". A
 * string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
 */
const pageMarks = `(() => {
  // Kept for the tab across its documents (the join page, then the phone screen loaded as a page),
  // in ms from the first document's navigation start, each mark its first time only.
  const key = "__benchMarks";
  const marks = JSON.parse(sessionStorage.getItem(key) || "null") || { origin: performance.timeOrigin };
  window.__marks = marks;
  const mark = (name) => {
    if (name in marks) return;
    marks[name] = Math.round(performance.timeOrigin + performance.now() - marks.origin);
    sessionStorage.setItem(key, JSON.stringify(marks));
    // What the harness waits for: a console line costs the page nothing, where a locator would have
    // Playwright inject and run its script in each new document (about 0.1 s at CPU ×4).
    if (name === "screen-online") console.debug("bench:screen-online");
  };
  addEventListener("DOMContentLoaded", () => mark("domContentLoaded"));
  addEventListener("load", () => mark("load"));
  addEventListener("click", () => mark("click"), true);
  addEventListener("submit", () => mark("submit"), true);
  new MutationObserver(() => {
    const state = document.querySelector(".contribute-connection")?.getAttribute("data-state");
    if (state) mark("screen-" + state);
  }).observe(document, { subtree: true, childList: true, attributes: true });
})()`;

const pageTimings = `(() => {
  const n = performance.getEntriesByType("navigation")[0];
  const r = (v) => Math.round(v);
  const nav = n ? { fetchStart: r(n.fetchStart), responseStart: r(n.responseStart), responseEnd: r(n.responseEnd), domInteractive: r(n.domInteractive) } : {};
  const res = performance.getEntriesByType("resource").map((e) => e.name.replace(/^https?:\\/\\/[^/]+/, "").slice(0, 40) + " " + r(e.startTime) + "-" + r(e.responseEnd));
  return JSON.stringify({ ...nav, ...window.__marks }) + "\\n    " + res.join("\\n    ");
})()`;

function watchWaterfall(cdp: CDPSession) {
  const rows = new Map<string, { url: string; sent: number; firstByte?: number; done?: number; bytes?: number; protocol?: string }>();
  cdp.on("Network.requestWillBeSent", (event) => {
    rows.set(event.requestId, { url: event.request.url.replace(/^https?:\/\/[^/]+/, ""), sent: event.timestamp });
  });
  cdp.on("Network.responseReceived", (event) => {
    const row = rows.get(event.requestId);
    if (row) Object.assign(row, { firstByte: event.timestamp, protocol: event.response.protocol });
  });
  cdp.on("Network.loadingFinished", (event) => {
    const row = rows.get(event.requestId);
    if (row) Object.assign(row, { done: event.timestamp, bytes: event.encodedDataLength });
  });
  cdp.on("Network.webSocketCreated", (event) => {
    rows.set(event.requestId, { url: `WS ${event.url.replace(/^wss?:\/\/[^/]+/, "")}`, sent: Number.NaN });
  });
  cdp.on("Network.webSocketWillSendHandshakeRequest", (event) => {
    const row = rows.get(event.requestId);
    if (row) row.sent = event.timestamp;
  });
  cdp.on("Network.webSocketHandshakeResponseReceived", (event) => {
    const row = rows.get(event.requestId);
    if (row) row.firstByte = row.done = event.timestamp;
  });
  return {
    print(label: string, marks: Record<string, number>, log: (line: string) => void = console.log) {
      const all = [...rows.values()].filter((row) => Number.isFinite(row.sent));
      const origin = Math.min(...all.map((row) => row.sent));
      const ms = (t?: number) => (t === undefined ? "   -  " : `${((t - origin) * 1000).toFixed(0).padStart(5)}`);
      log(
        `  waterfall ${label} (ms from the first request; ${Object.entries(marks)
          .map(([k, v]) => `${k} ${v.toFixed(0)}`)
          .join(", ")})`,
      );
      for (const row of all.sort((a, b) => a.sent - b.sent)) {
        log(
          `    ${ms(row.sent)} ${ms(row.firstByte)} ${ms(row.done)} ${String(((row.bytes ?? 0) / 1024).toFixed(1)).padStart(6)} KB ${row.protocol ?? ""} ${row.url.slice(0, 90)}`,
        );
      }
    },
  };
}

/**
 * PHONE_CPU_PROFILE=<folder>: a CPU profile of each cold join journey (throttled CPU included), as
 * DevTools reads it, and a line per script of where the main thread's time went.
 */
const CPU_PROFILE_DIR = process.env.PHONE_CPU_PROFILE;

async function startCpuProfile(cdp: CDPSession) {
  if (!CPU_PROFILE_DIR) return;
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
}

async function stopCpuProfile(cdp: CDPSession, name: string, log: (line: string) => void = console.log) {
  if (!CPU_PROFILE_DIR) return;
  const { profile } = await cdp.send("Profiler.stop");
  const { mkdirSync, writeFileSync } = await import("node:fs");
  mkdirSync(CPU_PROFILE_DIR, { recursive: true });
  writeFileSync(`${CPU_PROFILE_DIR}/${name}.cpuprofile`, JSON.stringify(profile));
  // Self time per script (sampled): ticks × the interval between samples.
  const byUrl = new Map<string, number>();
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, index) => {
    const frame = nodes.get(id)?.callFrame;
    const where = frame?.url ? frame.url.replace(/^https?:\/\/[^/]+/, "") : `(${frame?.functionName || "program"})`;
    byUrl.set(where, (byUrl.get(where) ?? 0) + (deltas[index + 1] ?? 0) / 1000);
  });
  const top = [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 8);
  log(`  cpu ${name}: ${top.map(([where, ms]) => `${where} ${ms.toFixed(0)} ms`).join(", ")}`);
}

let profiled = 0;

/** `/join` → code and first name → the phone screen says it is connected. */
async function joinJourney(
  context: BrowserContext,
  base: string,
  joinCode: string,
  profile: NetworkProfile,
  cold: boolean,
): Promise<Journey> {
  const page = await context.newPage();
  const { cdp, totals, waterfall } = await watchNetwork(page, context, profile);
  if (cold) await startCpuProfile(cdp);
  await page.addInitScript({ content: pageMarks });
  const started = performance.now();
  await page.goto(`${base}/join`, { waitUntil: "load" });
  // The person's typing is theirs, not ours to count: the time the two fills take (Playwright's
  // round trips to a CPU-throttled page) is taken out. Whatever the page does meanwhile still counts.
  const typing = performance.now();
  await page.locator('input[name="code"]').fill(joinCode);
  await page.locator('input[name="displayName"]').fill("Awa");
  const submitted = performance.now();
  const typingMs = submitted - typing;
  const online = page.waitForEvent("console", { predicate: (line) => line.text() === "bench:screen-online", timeout: 120_000 });
  await page.locator('button[name="view"][value="phone"]').click();
  await online;
  const ended = performance.now();
  if (cold) await stopCpuProfile(cdp, `join-${profile.name}-${++profiled}`);
  const marks = await page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks);
  const inPageAfterSubmitMs = marks["screen-online"] - marks.click;
  if (cold && waterfall) {
    console.log(`  page marks (ms from navigation start): ${await page.evaluate(pageTimings)}`);
    waterfall.print(`join ${profile.name}`, {
      loaded: typing - started,
      submitted: submitted - started - typingMs,
      connected: ended - started - typingMs,
    });
  }
  await page.close();
  return {
    ms: ended - started - typingMs,
    afterSubmitMs: ended - submitted,
    inPageMs: marks.load + inPageAfterSubmitMs,
    inPageAfterSubmitMs,
    ...totals,
  };
}

/** A signed-in facilitator opens the board: until the template's shapes are drawn on the canvas. */
async function boardJourney(
  context: BrowserContext,
  base: string,
  sessionId: string,
  profile: NetworkProfile,
  cold: boolean,
): Promise<Journey> {
  const page = await context.newPage();
  const { cdp, totals, waterfall } = await watchNetwork(page, context, profile);
  if (cold) await startCpuProfile(cdp);
  const started = performance.now();
  await page.goto(`${base}/board/${sessionId}`, { waitUntil: "commit" });
  await page.waitForFunction(() => document.querySelectorAll(".tl-canvas .tl-shape").length > 0, null, {
    polling: "raf",
    timeout: 180_000,
  });
  const ended = performance.now();
  if (cold) await stopCpuProfile(cdp, `board-${profile.name}-${++profiled}`);
  if (cold && waterfall) waterfall.print(`board ${profile.name}`, { shapes: ended - started });
  await page.close();
  return { ms: ended - started, ...totals };
}

export async function phoneBench(plan: PhonePlan, log: (line: string) => void): Promise<PhoneCell[]> {
  const database = await createTestDatabase();
  // Many participants join the same sessions in a few minutes from one address: not what these limits are for.
  const server = await startOurServer(database.url, {
    SESSION_MAX_PARTICIPANTS: "10000",
    JOIN_MAX_REQUESTS_PER_MINUTE: "100000",
    ...(FRONT === "https" ? { TRUST_PROXY: "loopback" } : {}),
  });
  const port = new URL(server.wsBase).port;
  const front = FRONT === "https" ? await startHttpsFront(Number(port)) : null;
  // "localhost", not 127.0.0.1: the address the cookies and the CSP's socket source are written for.
  const base = front ? `https://localhost:${front.port}` : `http://localhost:${port}`;
  log(`phone: the browser talks to ${base} (${front ? "HAProxy, TLS, HTTP/2 offered" : "the Node server, HTTP/1.1"})`);
  const browser: Browser = await launchChromium();
  const cells: PhoneCell[] = [];
  try {
    const { user, structure } = await createFacilitatorWithSession(database.db);
    const cookieValue = (await professionalCookie(database.db, user.id)).split("=");
    for (const profile of plan.profiles) {
      const sessionId = await createSessionFor(database.db, user.id, structure.id);
      const { joinCode } = await database.db.groupSession.findUniqueOrThrow({ where: { id: sessionId }, select: { joinCode: true } });
      const cell: PhoneCell = { profile, join: { cold: [], warm: [] }, board: { cold: [], warm: [] }, medians: undefined! };
      for (let run = 0; run < plan.runs; run++) {
        const phone = await browser.newContext({ ...ANDROID_PHONE, ignoreHTTPSErrors: !!front });
        cell.join.cold.push(await joinJourney(phone, base, joinCode, profile, true));
        cell.join.warm.push(await joinJourney(phone, base, joinCode, profile, false));
        await phone.close();
        if (WITH_BOARD) {
          const desk = await browser.newContext({ ...ANDROID_PHONE, ignoreHTTPSErrors: !!front });
          await desk.addCookies([{ name: cookieValue[0], value: cookieValue.slice(1).join("="), url: base }]);
          cell.board.cold.push(await boardJourney(desk, base, sessionId, profile, true));
          cell.board.warm.push(await boardJourney(desk, base, sessionId, profile, false));
          await desk.close();
        }
        const last = (journeys: Journey[]) => journeys[journeys.length - 1];
        log(
          `phone ${profile.name} run ${run + 1}/${plan.runs}: join ${ms(last(cell.join.cold).ms)} (${kb(last(cell.join.cold).bytes)}), ` +
            `again ${ms(last(cell.join.warm).ms)} (${kb(last(cell.join.warm).bytes)}), after submit ${ms(last(cell.join.cold).afterSubmitMs ?? 0)}` +
            ` (in the page: ${ms(last(cell.join.cold).inPageMs ?? Number.NaN)}, after submit ${ms(last(cell.join.cold).inPageAfterSubmitMs ?? Number.NaN)})` +
            (WITH_BOARD ? `; board ${ms(last(cell.board.cold).ms)} (${kb(last(cell.board.cold).bytes)})` : ""),
        );
      }
      cell.medians = medians(cell);
      cells.push(cell);
    }
  } finally {
    await browser.close();
    await front?.stop();
    await server.stop();
    await database.cleanup();
  }
  return cells;
}

/** deploy/haproxy.cfg in front of the one server, its HTTPS entry on a throwaway certificate. */
async function startHttpsFront(nodePort: number): Promise<{ port: number; stop(): Promise<void> }> {
  const binary = findHaproxy();
  if (!binary) throw new Error("PHONE_FRONT=https needs haproxy (bash scripts/ensure-haproxy.sh)");
  const certificate = throwawayCertificate();
  const port = await freePort();
  const node = `127.0.0.1:${nodePort}`;
  // The configuration names three nodes: here all three are the one server.
  const haproxy: HaproxyProcess = await startHaproxy(binary, {
    port: await freePort(),
    nodes: [node, node, node],
    tls: { port, certificateFile: certificate.file },
  });
  return {
    port,
    async stop() {
      await haproxy.stop();
      certificate.remove();
    },
  };
}

function medians(cell: PhoneCell): PhoneCell["medians"] {
  const of = (journeys: Journey[], key: "ms" | "bytes" | "inPageMs") => median(journeys.map((journey) => journey[key] ?? Number.NaN));
  return {
    joinColdMs: of(cell.join.cold, "ms"),
    joinWarmMs: of(cell.join.warm, "ms"),
    joinColdBytes: of(cell.join.cold, "bytes"),
    joinWarmBytes: of(cell.join.warm, "bytes"),
    joinColdInPageMs: of(cell.join.cold, "inPageMs"),
    joinWarmInPageMs: of(cell.join.warm, "inPageMs"),
    boardColdMs: of(cell.board.cold, "ms"),
    boardWarmMs: of(cell.board.warm, "ms"),
    boardColdBytes: of(cell.board.cold, "bytes"),
    boardWarmBytes: of(cell.board.warm, "bytes"),
  };
}

const ms = (value: number) => `${(value / 1000).toFixed(2)} s`;
const kb = (value: number) => `${(value / 1000).toFixed(0)} KB`;

/** The targets of issue 13, point 2, against the medians. */
export function phoneTargets(cells: PhoneCell[]) {
  const byName = (name: NetworkProfile["name"]) => cells.find((cell) => cell.profile.name === name)?.medians;
  const targets: { target: string; measured: string; met: boolean | null; note: string }[] = [];
  const check = (target: string, measured: number | undefined, limit: number, show: (v: number) => string) => {
    // NaN: a journey left out of this run (PHONE_BOARD=0).
    const value = measured === undefined || Number.isNaN(measured) ? undefined : measured;
    targets.push({
      target,
      measured: value === undefined ? "not run" : show(value),
      met: value === undefined ? null : value <= limit,
      note: "median of the phone runs",
    });
  };
  check("phone: /join → connected contribution screen on 3G ≤ 3 s", byName("3g")?.joinColdMs, 3_000, ms);
  check("phone: /join → connected contribution screen on slow 4G ≤ 1.5 s", byName("slow-4g")?.joinColdMs, 1_500, ms);
  check("phone: bytes from /join to a connected contribution screen ≤ 150 KB", byName("3g")?.joinColdBytes, 150_000, kb);
  check("phone: board's first paint of shapes on slow 4G ≤ 6 s", byName("slow-4g")?.boardColdMs, 6_000, ms);
  return targets;
}

export function renderPhone(cells: PhoneCell[]): string {
  const lines = [
    "Phone (median of runs; cold = fresh context, warm = second visit in the same context)",
    "profile  | join cold        | join warm        | of which after submit | in the page: cold, warm | board cold        | board warm",
  ];
  for (const cell of cells) {
    const m = cell.medians;
    const afterSubmit = median(cell.join.cold.map((journey) => journey.afterSubmitMs ?? 0));
    lines.push(
      `${cell.profile.name.padEnd(8)} | ${ms(m.joinColdMs)} ${kb(m.joinColdBytes).padStart(8)} | ${ms(m.joinWarmMs)} ${kb(m.joinWarmBytes).padStart(8)} | ` +
        `${ms(afterSubmit).padStart(21)} | ${`${ms(m.joinColdInPageMs)}, ${ms(m.joinWarmInPageMs)}`.padStart(23)} | ${ms(m.boardColdMs)} ${kb(m.boardColdBytes).padStart(9)} | ${ms(m.boardWarmMs)} ${kb(m.boardWarmBytes).padStart(8)}`,
    );
  }
  return lines.join("\n");
}
