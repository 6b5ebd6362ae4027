// Cluster mode is read once at boot (server/env.ts, docs/decisions/023): what an operator may write,
// and what stops the start with a French reason rather than a node that would write unfenced.
import { describe, expect, it } from "vitest";
import { parseEnv } from "../server/env.js";

const SECRET = "s".repeat(32);
const PG = "postgresql://postgres@127.0.0.1:5432/atelier";
const settings = (values: Record<string, string>) => () => parseEnv({ NODE_ENV: "test", ...values } as NodeJS.ProcessEnv);

describe("several nodes' settings", () => {
  it("start a node in cluster mode with PostgreSQL and both secrets; its address is kept as an origin", () => {
    const env = settings({
      DATABASE_URL: PG,
      CLUSTER_NODE_ADDRESS: "http://10.0.0.2:3000/",
      CLUSTER_SECRET: SECRET,
      SIGNING_SECRET: SECRET,
    })();
    expect(env.CLUSTER_NODE_ADDRESS).toBe("http://10.0.0.2:3000");
    expect(settings({ DATABASE_URL: PG })().CLUSTER_NODE_ADDRESS).toBeUndefined();
    expect(settings({ DATABASE_URL: PG, CLUSTER_NODE_ADDRESS: "" })().CLUSTER_NODE_ADDRESS).toBeUndefined();
  });

  it("refuse to start a node in cluster mode on SQLite or without a secret, saying which setting and why", () => {
    expect(settings({ CLUSTER_NODE_ADDRESS: "http://10.0.0.2:3000", CLUSTER_SECRET: SECRET, SIGNING_SECRET: SECRET })).toThrow(
      /DATABASE_URL: plusieurs serveurs .* demandent PostgreSQL/,
    );
    expect(settings({ DATABASE_URL: PG, CLUSTER_NODE_ADDRESS: "http://10.0.0.2:3000", SIGNING_SECRET: SECRET })).toThrow(
      /CLUSTER_SECRET: requis/,
    );
    expect(settings({ DATABASE_URL: PG, CLUSTER_NODE_ADDRESS: "http://10.0.0.2:3000", CLUSTER_SECRET: SECRET })).toThrow(
      /SIGNING_SECRET: requis/,
    );
    expect(
      settings({ DATABASE_URL: PG, CLUSTER_NODE_ADDRESS: "http://10.0.0.2:3000", CLUSTER_SECRET: "court", SIGNING_SECRET: SECRET }),
    ).toThrow(/CLUSTER_SECRET: doit faire au moins 32 caractères/);
  });

  it("refuse an address other nodes could not reach plainly", () => {
    for (const address of [
      "10.0.0.2:3000",
      "https://10.0.0.2:3000",
      "http://10.0.0.2:3000/chemin",
      "http://user@10.0.0.2:3000",
      "http://10.0.0.2:3000?x=1",
    ]) {
      expect(
        settings({ DATABASE_URL: PG, CLUSTER_NODE_ADDRESS: address, CLUSTER_SECRET: SECRET, SIGNING_SECRET: SECRET }),
        address,
      ).toThrow(/CLUSTER_NODE_ADDRESS: doit être une adresse http/);
    }
    expect(settings({ REDIS_URL: "http://redis:6379" })).toThrow(/REDIS_URL: doit commencer par redis/);
    expect(settings({ REDIS_URL: "rediss://user:pass@redis:6380/0" })().REDIS_URL).toBe("rediss://user:pass@redis:6380/0");
  });
});
