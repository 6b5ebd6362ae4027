// Three nodes on one PostgreSQL database and one Redis (a private redis-server): a guesser spreading
// tries over the nodes, as a load balancer would spread them, is counted once. Each limit is reached
// with fewer tries on any one node than would pause it alone, so a pause proves the count is shared.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_MAX_FAILURES } from "../app/auth/login-throttle.server.js";
import { createSignInCode } from "../app/diagnostic/sign-in-codes.server.js";
import { professionalViewer } from "../app/diagnostic/access.server.js";
import { SIGN_IN_CODE_MAX_FAILURES } from "../app/diagnostic/sign-in-throttle.server.js";
import { createFacilitatorWithSession } from "./support/fixtures.js";
import { joiningClient } from "./support/joining.js";
import { postgresForTests } from "./support/postgres.js";
import { startPrivateRedis, type PrivateRedis } from "./support/redis-server.js";
import { postForm, startNodes, untilLogged, type Nodes } from "./support/shared-nodes.js";

const postgres = await postgresForTests();
const PAUSED = /Trop d&#x27;essais pour ce compte depuis cet appareil\. Réessayez dans 1[45] min\./;
const UNKNOWN_PER_ADDRESS = 4;

describe.skipIf(!postgres)("throttles shared by three nodes through Redis", () => {
  let redis: PrivateRedis;
  let nodes: Nodes;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    nodes = await startNodes(3, { REDIS_URL: redis.url, JOIN_MAX_UNKNOWN_PER_ADDRESS: String(UNKNOWN_PER_ADDRESS) });
    await Promise.all(nodes.servers.map((server) => untilLogged(server, "Redis answers")));
  }, 60_000);
  afterAll(async () => {
    await nodes?.stop();
    await redis?.kill();
  });

  /** The node the i-th request lands on: each in turn, as a round-robin balancer would. */
  const node = (index: number) => nodes.bases[index % nodes.bases.length]!;

  it(
    "wrong passwords spread over the nodes count together: the next one is refused whichever node gets it",
    { timeout: 45_000 },
    async () => {
      const awa = await createFacilitatorWithSession(nodes.db);
      const from = "203.0.113.41";
      // Five misses, no more than two on any node (each would pause only at five on its own).
      for (let attempt = 0; attempt < LOGIN_MAX_FAILURES; attempt++) {
        const wrong = await postForm(node(attempt), "/login", { email: awa.email, password: `devine-${attempt}` }, from);
        expect(wrong.status, `miss ${attempt + 1} on node ${attempt % 3}`).toBe(400);
      }
      for (const base of nodes.bases) {
        const paused = await postForm(base, "/login", { email: awa.email, password: awa.password }, from);
        expect(paused.status, base).toBe(429);
        expect(await paused.text()).toMatch(PAUSED);
      }
      // The pause is the guesser's place only: the real person elsewhere signs in, on any node.
      expect((await postForm(node(1), "/login", { email: awa.email, password: awa.password }, "198.51.100.41")).status).toBe(302);
    },
  );

  it("wrong personal-space codes spread over the nodes count together", { timeout: 45_000 }, async () => {
    const pro = await createFacilitatorWithSession(nodes.db);
    const personId = (await nodes.db.person.create({ data: { structureId: pro.structure.id, displayName: "Bilal" } })).id;
    const from = "203.0.113.42";
    for (let attempt = 0; attempt < SIGN_IN_CODE_MAX_FAILURES; attempt++) {
      const wrong = await postForm(node(attempt), "/espace/connexion", { code: `FAUX${String(attempt).padStart(4, "0")}` }, from);
      expect(wrong.status, `wrong code ${attempt + 1}`).toBe(400);
    }
    const { code } = await createSignInCode(nodes.db, await professionalViewer(nodes.db, pro.user.id), personId);
    for (const base of nodes.bases) expect((await postForm(base, "/espace/connexion", { code }, from)).status, base).toBe(429);
    const elsewhere = await postForm(node(2), "/espace/connexion", { code }, "198.51.100.42");
    expect(elsewhere.status).toBe(302);
  });

  it("unknown join codes spread over the nodes count together", { timeout: 45_000 }, async () => {
    const from = "203.0.113.43";
    for (let attempt = 0; attempt < UNKNOWN_PER_ADDRESS; attempt++) {
      expect((await joiningClient(node(attempt))("POST /join", `ZZZZZ${attempt + 2}`, { from })).status).toBe(404);
    }
    for (const base of nodes.bases) {
      const answer = await joiningClient(base)("POST /join", "ZZZZZ9", { from });
      expect(answer.status, base).toBe(429);
      expect(answer.text).toMatch(/Trop d'essais, réessayez dans \d+ minute/);
    }
  });
});
