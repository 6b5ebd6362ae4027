// A process that runs the purge against DATABASE_URL, for the "one run at a time" test. Once it holds
// the lease (its "purge started" line), it says "holding" and waits, blocked, until the file named by
// PURGE_HOLD_UNTIL exists: so the other process's attempt certainly falls while it holds the lease.
// It prints its result as one JSON line.
import { existsSync } from "node:fs";
import { runPurge } from "../../app/privacy/purge.server.js";
import { createDb } from "../../prisma/db.js";

const db = createDb(process.env.DATABASE_URL!);
const holdUntil = process.env.PURGE_HOLD_UNTIL!;
const pause = new Int32Array(new SharedArrayBuffer(4));

const result = await runPurge({
  db,
  now: new Date(process.env.PURGE_NOW!),
  log: {
    info(_fields, message) {
      if (message !== "purge started") return;
      process.stdout.write("holding\n");
      while (!existsSync(holdUntil)) Atomics.wait(pause, 0, 0, 20);
    },
    error() {},
  },
});
process.stdout.write(`${JSON.stringify({ status: result.status })}\n`);
await db.$disconnect();
process.exit(0);
