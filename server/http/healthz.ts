// GET /healthz: what a load balancer asks every node every few seconds (HAProxy's `option httpchk`,
// docs/decisions/023). 200 when this node can serve, 503 when its database does not answer in time or
// it is stopping: the balancer then sends nobody to it. No data, nothing about the database beyond
// "answers" or "does not".
import type { RequestHandler } from "express";
import type { Db } from "../../prisma/db.js";

/** A database slower than this is as good as down for a health check. */
const DATABASE_DEADLINE_MS = 2_000;

export interface HealthOptions {
  db: Db;
  /** Boards held in memory by this node. */
  loadedBoards: () => number;
  /** True once the node is stopping (SIGTERM): it answers 503 so that no new client lands on it. */
  stopping: () => boolean;
  /** Where the throttles count (memory, redis, redis-away): told, never a reason for 503 (they fall back). */
  counters?: () => string;
}

export function healthz(options: HealthOptions): RequestHandler {
  return (request, response, next) => {
    if (request.path !== "/healthz" || (request.method !== "GET" && request.method !== "HEAD")) return next();
    void databaseAnswers(options.db).then((database) => {
      const ok = database && !options.stopping();
      response
        .status(ok ? 200 : 503)
        .set("Cache-Control", "no-store")
        .json({
          status: ok ? "ok" : "indisponible",
          database: database ? "ok" : "injoignable",
          counters: options.counters?.() ?? "memory",
          stopping: options.stopping(),
          boards: options.loadedBoards(),
        });
    });
  };
}

async function databaseAnswers(db: Db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DATABASE_DEADLINE_MS)));
  try {
    // `then`, not `catch`: a Prisma query runs only once something calls its `then`.
    const answered = db.$queryRawUnsafe("SELECT 1").then(
      () => true,
      () => false,
    );
    return await Promise.race([answered, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
