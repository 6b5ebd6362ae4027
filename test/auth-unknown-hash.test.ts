// Signing in with an unknown e-mail costs what a wrong password costs: the hash compared against
// then must be of the same bcrypt cost as the stored ones (a cheaper one would tell, by the time the
// answer takes, which e-mails have an account).
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { BCRYPT_COST, hashPassword, UNKNOWN_USER_HASH } from "../app/auth/auth.server.js";

describe("the hash an unknown e-mail is checked against", () => {
  it("has the cost of the passwords stored", async () => {
    expect(bcrypt.getRounds(UNKNOWN_USER_HASH)).toBe(BCRYPT_COST);
    expect(bcrypt.getRounds(await hashPassword("un mot de passe"))).toBe(BCRYPT_COST);
    // A well-formed hash that no password typed at the form matches.
    expect(await bcrypt.compare("", UNKNOWN_USER_HASH)).toBe(false);
  });
});
