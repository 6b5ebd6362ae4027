import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import express from "express";
import { createServer } from "node:http";
import { statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { boardAccess } from "../app/auth/auth.server.js";
import { createAppLoadContext } from "./load-context.js";
import { remixPages } from "./http/remix-pages.js";
import { openSharedState } from "./shared-state.js";
import { openBoardStore } from "./board/board-store.js";
import { attachBoardSockets } from "./board/board-socket.js";
import { budgetsFromSettings } from "./board/budgets.js";
import { RoomRegistry } from "./board/room-registry.js";
import { createDb } from "../prisma/db.js";
import { parseEnv, type Env } from "./env.js";
import { installHttpDefences } from "./http/defences.js";
import { cspNonceOf, noStoreByDefault, routeSecurityHeadersReplaceDefaults } from "./http/security-headers.js";
import { answerErrorsInFrench } from "./http/error-answer.js";
import { tldrawAssets } from "./http/tldraw-assets.js";
import { buildAssets, compressResponses } from "./http/compression.js";
import { requestLog, routePatterns } from "./http/request-log.js";
import { boardWarning, errorFields, log, logLevelOf } from "./log.js";
import { schedulePurge } from "./purge-schedule.js";
import { scheduleOutbox } from "./outbox-schedule.js";
import { mailerFromEnv } from "../app/registrations/outbox.server.js";
import { healthz } from "./http/healthz.js";
import { ClusterNode } from "./cluster/cluster-node.js";

function readEnv(): Env {
  try {
    return parseEnv();
  } catch (error) {
    // The message is ours (server/env.ts): which variable, and why.
    log.fatal((error as Error).message);
    process.exit(1);
  }
}
const env = readEnv();
log.level = env.LOG_LEVEL ?? logLevelOf();

const BUILD_PATH = path.resolve("build/index.js");
const db = createDb(env.DATABASE_URL);
// Sign-in, code and joining throttles: in Redis shared by every node with REDIS_URL, in memory otherwise.
const shared = openSharedState(env, log);
const loadContext = {
  ...createAppLoadContext(db, env, shared),
  // In development the message too: it may quote data, which production logs never hold.
  logError: (error: unknown) => log.error({ err: errorFields(error, { withMessage: env.NODE_ENV === "development" }) }, "page failed"),
};

/** In development the build is re-imported whenever `remix dev` rewrites it. */
let buildVersion = 0;
let build: ServerBuild = await importBuild();
async function importBuild(): Promise<ServerBuild> {
  const version = statSync(BUILD_PATH).mtimeMs;
  buildVersion = version;
  return (await import(`${pathToFileURL(BUILD_PATH).href}?v=${version}`)) as ServerBuild;
}
async function currentBuild(): Promise<ServerBuild> {
  if (env.NODE_ENV === "development" && statSync(BUILD_PATH).mtimeMs !== buildVersion) {
    build = await importBuild();
    await broadcastDevReady(build);
  }
  return build;
}

// Several nodes (docs/decisions/023): this node owns the boards it holds a lock for, forwards the others.
const cluster =
  env.CLUSTER_NODE_ADDRESS && env.CLUSTER_SECRET
    ? new ClusterNode({
        databaseUrl: env.DATABASE_URL,
        address: env.CLUSTER_NODE_ADDRESS,
        secret: env.CLUSTER_SECRET,
        onWarning: boardWarning,
      })
    : null;
await cluster?.start();
const boardStore = openBoardStore(db, env.DATABASE_URL, {
  snapshotPartBytes: env.BOARD_SNAPSHOT_PART_BYTES,
});
const registry = new RoomRegistry(
  boardStore,
  {
    idleUnloadMs: env.BOARD_IDLE_UNLOAD_MS,
    compactAfter: env.BOARD_COMPACT_AFTER,
    maxRooms: env.BOARD_MAX_ROOMS,
    maxConnectionsPerRoom: env.BOARD_MAX_CONNECTIONS_PER_ROOM,
    maxMessagesPerSecond: env.BOARD_MAX_MESSAGES_PER_SECOND,
    awareness: { changeDelayMs: 50, renewalDelayMs: env.BOARD_PRESENCE_RENEWAL_MS },
    budgets: budgetsFromSettings(env),
    maxPresenceIds: env.BOARD_MAX_PRESENCE_IDS,
    maxConnectionsPerParticipant: env.BOARD_MAX_CONNECTIONS_PER_PARTICIPANT,
  },
  boardWarning,
  cluster?.roomOwnership(boardStore) ?? null,
);
const clustered = cluster?.attach(registry) ?? null;
// The pages reach the live boards through this (a facilitator removing a participant closes their sockets);
// on several nodes, through the node that holds each board.
loadContext.boards = clustered?.boards ?? registry;
let stopping = false;

// The participant's light pages (docs/decisions/024): rebuilt on every change while developing.
if (env.NODE_ENV === "development") await (await import("../scripts/build-light.mjs")).watchLight();

const app = express();
app.disable("x-powered-by");
// First: the load balancer's probe (every few seconds) is neither a page to log nor a client to limit.
app.use(healthz({ db, loadedBoards: () => registry.loadedRooms, stopping: () => stopping, counters: () => shared.where() }));
// Node to node (several nodes): signed with CLUSTER_SECRET, refused without; HAProxy refuses the path from outside.
if (clustered) app.use(clustered.endpoint);
// Routes named by the build present at boot (a page added in development shows by its path until restarted).
app.use(requestLog(log, routePatterns(build.routes)));
const allowedOrigins = env.ALLOWED_ORIGINS.split(",")
  .map((origin) => origin.trim())
  .filter(Boolean);
installHttpDefences(app, env, allowedOrigins);
// Compressed text, and fingerprinted build assets cached for good (docs/decisions/011).
app.use(compressResponses());
app.use("/build", buildAssets("public/build"));
app.use("/tldraw-assets", tldrawAssets());
app.use(express.static("public", { maxAge: "1h", index: false }));
app.all(
  "*",
  noStoreByDefault,
  routeSecurityHeadersReplaceDefaults,
  remixPages({
    build: env.NODE_ENV === "development" ? currentBuild : build,
    mode: env.NODE_ENV,
    getLoadContext: (request, response) => ({ ...loadContext, clientIp: request.ip, cspNonce: cspNonceOf(response) }),
  }),
);
app.use(answerErrorsInFrench);

const server = createServer(app);
const sockets = attachBoardSockets(server, {
  registry,
  // Participants are read through the board store's own connection (one prepared statement per upgrade).
  authorize: (cookieHeader, sessionId) => boardAccess(db, cookieHeader, sessionId, boardStore.participantByToken),
  allowedOrigins,
  maxMessageBytes: env.BOARD_MAX_MESSAGE_BYTES,
  outbound: { maxBufferedBytes: env.BOARD_MAX_BUFFERED_BYTES },
  route: clustered?.route,
  onClose: () => cluster?.tunnels.closeAll(),
});

// The retention purge, once a night (docs/decisions/014); a board someone is on is left for the next run.
const purgeScheduler = schedulePurge({ schedule: env.PURGE_SCHEDULE, db, log, boards: loadContext.boards });
// Appointments' reminders and notices leave when their time comes (with mail configured).
const outboxScheduler = scheduleOutbox({ db, mailer: mailerFromEnv(), log });

// Prisma's query compiler (WebAssembly) costs its first query about 0.35 s of this thread, then a few
// ms per new kind of query: paid here rather than by the first people to connect, whose upgrades
// (and the rest of the node) would wait for it (long-day bench, docs/decisions/010 point 10).
await db.groupSession.findFirst({ select: { id: true } });

server.listen(env.PORT, env.HOST, () => {
  log.info({ port: env.PORT }, `Atelier commun est prêt : http://localhost:${env.PORT}`);
  if (env.NODE_ENV === "development") void broadcastDevReady(build);
});

/** SIGTERM: no new boards, clients told "restarting", every received update stored, then exit. */
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  purgeScheduler?.stop();
  outboxScheduler?.stop();
  server.close();
  await sockets.close();
  await registry.close();
  // Every received update is stored: the boards are given back (another node takes them at once).
  await cluster?.close();
  await boardStore.close();
  await db.$disconnect();
  await shared.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
