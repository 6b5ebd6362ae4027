import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../../app/i18n/index.js";
import { runPurge } from "../../app/privacy/purge.server.js";
import { DEMO } from "../../prisma/seed.js";
import { violations } from "./axe.js";
import { refusal } from "./console-watch.js";
import { startProduct, type RunningProduct } from "./harness.js";

describe("retention periods: a structure's admin", () => {
  let product: RunningProduct;
  beforeAll(async () => {
    product = await startProduct();
  });
  afterAll(() => product?.close());

  it("sees what the last purge removed for the structure, and changes a period within bounds", async () => {
    const { db } = product;
    // The period out of bounds below is refused on purpose: a 400 with its field error.
    product.allowConsoleErrors(refusal(400, `/structures/${DEMO.structureId}/conservation.data`));
    // A session of the demo structure held long ago, with its board: the purge takes the board.
    const author = await db.membership.findFirstOrThrow({
      where: { structureId: DEMO.structureId, role: "admin" },
      select: { userId: true },
    });
    const old = await db.groupSession.create({
      data: {
        structureId: DEMO.structureId,
        kind: "peer_workshop",
        title: "Atelier d'il y a longtemps",
        startsAt: new Date("2020-02-03T13:00:00Z"),
        templateId: "forces-et-reconnaissance",
        agenda: [],
        joinCode: "OLD2E2",
        createdById: author.userId,
      },
    });
    await db.board.create({ data: { sessionId: old.id } });
    const run = await runPurge({ db, now: new Date(), log: { info() {}, error() {} } });
    expect(run.status).toBe("done");

    const page = await product.signIn(`/structures/${DEMO.structureId}`);
    await page.getByRole("link", { name: t("privacy.retention.link") }).click();
    await page.waitForURL(`${product.base}/structures/${DEMO.structureId}/conservation`);
    await page.getByRole("heading", { name: t("privacy.retention.title"), level: 1 }).waitFor();

    const lastRun = page.getByRole("region", { name: t("privacy.purge.title") });
    await lastRun.getByText(t("privacy.purge.outcome.done"), { exact: false }).waitFor();
    await lastRun.getByText(`${t("privacy.kind.board")} : ${t("privacy.purge.deleted", { count: 1 })}`).waitFor();
    expect(await violations(page), "/structures/<id>/conservation").toEqual([]);

    const boardDays = page.getByLabel(`${t("privacy.retention.days")} · ${t("privacy.kind.board")}`);
    // Out of bounds: refused, said in French beside the field, nothing stored.
    await boardDays.fill("2");
    await page.getByRole("button", { name: t("privacy.retention.save") }).click();
    await page.getByText(t("privacy.retention.error.days")).waitFor();
    expect(await db.retentionOverride.count({ where: { structureId: DEMO.structureId } })).toBe(0);

    await boardDays.fill("30");
    await page.getByRole("button", { name: t("privacy.retention.save") }).click();
    await page
      .getByRole("status")
      .filter({ hasText: t("privacy.retention.saved") })
      .waitFor();
    await page.getByText(t("privacy.retention.delete", { days: 30, from: t("privacy.from.sessionEnd") })).waitFor();
    expect(await db.retentionOverride.findMany({ where: { structureId: DEMO.structureId }, select: { kind: true, days: true } })).toEqual([
      { kind: "board", days: 30 },
    ]);
  });

  it("the referent sets the day a person's accompaniment ended on her page, and takes it back", async () => {
    const { db } = product;
    const page = await product.signIn(`/people/${DEMO.personId}`);
    const section = page.getByRole("region", { name: t("privacy.accompaniment.title") });
    await section.getByText(t("privacy.accompaniment.ongoing")).waitFor();
    await section.getByLabel(t("privacy.accompaniment.label")).fill("2026-03-29");
    await section.getByRole("button", { name: t("privacy.accompaniment.save") }).click();
    await section.getByText(t("privacy.accompaniment.ended", { date: "29 mars 2026", erasedOn: "28 mars 2028" })).waitFor();
    expect((await db.person.findUniqueOrThrow({ where: { id: DEMO.personId } })).accompanimentEndedAt?.toISOString()).toBe(
      "2026-03-29T10:00:00.000Z",
    );
    expect(await violations(page), "/people/<id> with an end of accompaniment").toEqual([]);

    await section.getByRole("button", { name: t("privacy.accompaniment.clear") }).click();
    await section.getByText(t("privacy.accompaniment.ongoing")).waitFor();
    expect((await db.person.findUniqueOrThrow({ where: { id: DEMO.personId } })).accompanimentEndedAt).toBeNull();
  });
});
