// TRUST_PROXY is read once at boot: what an operator may write, and what stops the start.
import { describe, expect, it } from "vitest";
import { parseEnv } from "../server/env.js";

const trustProxy = (value: string | undefined) => parseEnv({ NODE_ENV: "test", TRUST_PROXY: value } as NodeJS.ProcessEnv).TRUST_PROXY;

describe("TRUST_PROXY", () => {
  it("trusts nobody by default, loopback included", () => {
    expect(trustProxy(undefined)).toBe(false);
    expect(trustProxy("")).toBe(false);
    expect(trustProxy("false")).toBe(false);
  });

  it("takes a hop count or a list of addresses, subnets and Express's names", () => {
    expect(trustProxy("1")).toBe(1);
    expect(trustProxy("loopback")).toEqual(["loopback"]);
    expect(trustProxy(" 10.0.0.0/8, 192.168.1.7 ,fd00::/8, loopback, 172.16.0.0/255.240.0.0")).toEqual([
      "10.0.0.0/8",
      "192.168.1.7",
      "fd00::/8",
      "loopback",
      "172.16.0.0/255.240.0.0",
    ]);
  });

  it.each(["true", "10.0.0.0/33", "300.1.1.1", "proxy.example", "10.0.0.1/8/2", "::1/129", "*"])(
    "refuses %j at boot with a readable reason",
    (value) => {
      expect(() => trustProxy(value)).toThrow(/Configuration invalide :\n {2}TRUST_PROXY: /);
    },
  );
});
