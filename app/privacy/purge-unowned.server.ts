// The purge's last pass: data of no existing structure, under the product's defaults — traces and
// outbox rows whose structure is gone (they name it by id only), the purge's counts of no structure
// or of a gone one, and its old runs once no structure keeps their counts.
import { DAY_MS, cutoffOf, idAfter, inBatches, page, type KindContext } from "./purge-batches.server.js";
import { RETENTION_POLICY } from "./retention.js";

/**
 * Data of no existing structure, under the product's defaults: traces whose structure is gone (they
 * name it by id only), the purge's counts of no structure or of a gone one, and its old runs once
 * no structure keeps their counts.
 */
export async function purgeUnowned(context: KindContext & { structureId: null }): Promise<void> {
  const { db } = context;
  // Older than the longest period any structure may choose: due whoever it belongs to, so the
  // rows left here are those of no existing structure (the structures' own passes ran first).
  const auditCutoff = new Date(context.now.getTime() - RETENTION_POLICY.audit.maxDays * DAY_MS);
  context.record(
    "audit",
    "delete",
    (await inBatches(
      context,
      (after, take) => db.diagnosticAudit.findMany({ where: { createdAt: { lt: auditCutoff }, ...idAfter(after) }, ...page(take) }),
      async (ids) => (await db.diagnosticAudit.deleteMany({ where: { id: { in: ids } } })).count,
    )) +
      (await inBatches(
        context,
        (after, take) => db.readTrace.findMany({ where: { createdAt: { lt: auditCutoff }, ...idAfter(after) }, ...page(take) }),
        async (ids) => (await db.readTrace.deleteMany({ where: { id: { in: ids } } })).count,
      )),
  );

  // Messages of a structure that no longer exists (the outbox names its structure by id only).
  const outboxCutoff = cutoffOf(context, "outbox");
  let after = "";
  for (;;) {
    const rows = await db.outboxMessage.findMany({
      where: { ...idAfter(after), OR: [{ sentAt: { lt: outboxCutoff } }, { sentAt: null, createdAt: { lt: outboxCutoff } }] },
      orderBy: { id: "asc" },
      take: context.batchSize,
      select: { id: true, structureId: true },
    });
    const owners = new Set(
      (await db.structure.findMany({ where: { id: { in: rows.map((row) => row.structureId) } }, select: { id: true } })).map(
        (row) => row.id,
      ),
    );
    const orphans = rows.filter((row) => !owners.has(row.structureId)).map((row) => row.id);
    if (orphans.length > 0)
      context.record("outbox", "delete", (await db.outboxMessage.deleteMany({ where: { id: { in: orphans } } })).count);
    if (rows.length < context.batchSize) break;
    after = rows[rows.length - 1]!.id;
  }

  const runCutoff = cutoffOf(context, "purgeRun");
  // Counts of no structure go with the default; those of a gone structure once no structure could keep them.
  const longest = new Date(context.now.getTime() - RETENTION_POLICY.purgeRun.maxDays * DAY_MS);
  const countWhere = {
    OR: [{ structureId: null, run: { startedAt: { lt: runCutoff } } }, { run: { startedAt: { lt: longest } } }],
  };
  const counts = await inBatches(
    context,
    (after, take) => db.purgeCount.findMany({ where: { ...countWhere, ...idAfter(after) }, ...page(take) }),
    async (ids) => (await db.purgeCount.deleteMany({ where: { id: { in: ids } } })).count,
  );
  const runs = await inBatches(
    context,
    (after, take) =>
      db.purgeRun.findMany({ where: { startedAt: { lt: runCutoff }, counts: { none: {} }, ...idAfter(after) }, ...page(take) }),
    async (ids) => (await db.purgeRun.deleteMany({ where: { id: { in: ids } } })).count,
  );
  context.record("purgeRun", "delete", counts + runs);
}
