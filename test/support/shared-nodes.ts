// Three real server processes on one PostgreSQL database, as three nodes behind a load balancer would
// be, with the Redis a test gives them: for the tests of what the nodes share (issue 18).
import { createDb, type Db } from "../../prisma/db.js";
import { createPostgresDatabase } from "./postgres.js";
import { freePort, startServerProcess, stopGracefully, type ServerProcess } from "./server-process.js";
import { withinLimit } from "./wait.js";

export interface Nodes {
  /** http://127.0.0.1:<port> of each node. */
  bases: string[];
  servers: ServerProcess[];
  /** A client of the nodes' database, for the test's own rows. */
  db: Db;
  stop(): Promise<void>;
}

export async function startNodes(count: number, env: Record<string, string>): Promise<Nodes> {
  const database = await createPostgresDatabase();
  const { url } = database;
  const db = createDb(url);
  const servers: ServerProcess[] = [];
  const bases: string[] = [];
  const stop = async () => {
    await Promise.all(servers.filter(Boolean).map(stopGracefully));
    await db.$disconnect();
    await database.drop();
  };
  const started = await Promise.allSettled(
    Array.from({ length: count }, async (_, index) => {
      const port = await freePort();
      // TRUST_PROXY: each test names its client's address in X-Forwarded-For, as the load balancer would.
      servers[index] = await startServerProcess({ DATABASE_URL: url, PORT: String(port), TRUST_PROXY: "loopback", ...env });
      bases[index] = `http://127.0.0.1:${port}`;
    }),
  );
  const failed = started.find((result) => result.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { bases, servers, db, stop };
}

/** Resolves once the node has written `text` `times` times in all (its log lines). */
export function untilLogged(server: ServerProcess, text: string, times = 1): Promise<void> {
  const seen = () => server.output().split(text).length - 1 >= times;
  const waiting = new Promise<void>((resolve) => {
    if (seen()) return resolve();
    const onData = () => {
      // output() is fed by the same stream; read it on the next turn, once it has taken this chunk.
      setImmediate(() => {
        if (!seen()) return;
        server.child.stdout!.off("data", onData);
        resolve();
      });
    };
    server.child.stdout!.on("data", onData);
  });
  return withinLimit(waiting, `a node to log "${text}" ${times} time(s); it wrote:\n${server.output().slice(-1500)}`);
}

/** A form post from a client at `from` (X-Forwarded-For), as a browser would send it. */
export function postForm(base: string, path: string, fields: Record<string, string>, from: string) {
  return fetch(`${base}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Origin: base, "X-Forwarded-For": from },
    redirect: "manual",
  });
}
