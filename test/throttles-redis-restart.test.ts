// Redis killed while three nodes serve, then started again on the same port: meanwhile every node
// answers its pages and throttles from its own memory (the insurance limiter), never a 500 nor an open
// door; once Redis is back, the nodes count together again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_MAX_FAILURES } from "../app/auth/login-throttle.server.js";
import { createFacilitatorWithSession } from "./support/fixtures.js";
import { joiningClient } from "./support/joining.js";
import { postgresForTests } from "./support/postgres.js";
import { startPrivateRedis, type PrivateRedis } from "./support/redis-server.js";
import { postForm, startNodes, untilLogged, type Nodes } from "./support/shared-nodes.js";

const postgres = await postgresForTests();
const UP = "Redis answers";
const AWAY = "Redis away";

describe.skipIf(!postgres)("Redis restarted under three nodes", () => {
  let redis: PrivateRedis;
  let nodes: Nodes;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    nodes = await startNodes(3, { REDIS_URL: redis.url });
    await Promise.all(nodes.servers.map((server) => untilLogged(server, UP)));
  }, 60_000);
  afterAll(async () => {
    await nodes?.stop();
    await redis?.kill();
  });

  const node = (index: number) => nodes.bases[index % nodes.bases.length]!;
  const signIn = (base: string, account: { email: string; password: string }, from: string) =>
    postForm(base, "/login", { email: account.email, password: account.password }, from);

  it(
    "pages and throttles go on from each node's memory while Redis is away, and are shared again once it is back",
    { timeout: 45_000 },
    async () => {
      const [awa, bilal] = await Promise.all([createFacilitatorWithSession(nodes.db), createFacilitatorWithSession(nodes.db)]);

      await redis.kill();
      await Promise.all(nodes.servers.map((server) => untilLogged(server, AWAY)));
      for (const base of nodes.bases) {
        expect((await fetch(`${base}/login`)).status, `${base}/login`).toBe(200);
        expect((await joiningClient(base)("POST /join", "ZZZZZ2", { from: "203.0.113.50" })).status, `${base} join`).toBe(404);
      }
      // One node alone still pauses a guesser at its limit: the door is not open while Redis is away.
      const from = "203.0.113.51";
      for (let attempt = 0; attempt < LOGIN_MAX_FAILURES; attempt++) {
        expect((await signIn(node(0), { email: awa.email, password: `devine-${attempt}` }, from)).status).toBe(400);
      }
      expect((await signIn(node(0), awa, from)).status).toBe(429);
      // Another node counts alone meanwhile: it has seen no miss, and answers a miss as one, not with an error.
      expect((await signIn(node(1), { email: awa.email, password: "devine" }, from)).status).toBe(400);

      await redis.restart();
      await Promise.all(nodes.servers.map((server) => untilLogged(server, UP, 2)));
      const again = "203.0.113.52";
      for (let attempt = 0; attempt < LOGIN_MAX_FAILURES; attempt++) {
        expect((await signIn(node(attempt), { email: bilal.email, password: `devine-${attempt}` }, again)).status).toBe(400);
      }
      for (const base of nodes.bases) expect((await signIn(base, bilal, again)).status, base).toBe(429);
      for (const server of nodes.servers) {
        expect(server.output()).not.toMatch(/"level":50|page failed/);
        // One line per change of state, however many reconnection attempts came between.
        expect(server.output().split(AWAY).length - 1).toBe(1);
        expect(server.output().split(UP).length - 1).toBe(2);
      }
    },
  );
});
