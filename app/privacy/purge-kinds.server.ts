// What the purge does to each kind of data of one structure, once its period is over
// (app/privacy/retention.ts). Every query is bounded: rows are found a batch at a time (ordered by
// id, after the last one seen), then deleted or anonymised by id. Plain Prisma queries: the same on
// SQLite and PostgreSQL.
import { randomBytes } from "node:crypto";
import type { Db } from "../../prisma/db.js";
import { t } from "../i18n/index.js";
import type { LiveBoards } from "../lib/load-context.js";
import { ErasureNeedsBoardsError, erasePerson, type ErasureBoards } from "./erase-person.server.js";
import { RETENTION_POLICY, dueBefore, type RetentionAction, type RetentionKind, type RetentionOverrides } from "./retention.js";

/** What the purge may ask of the live boards: who is on one right now, and (for erasure) removing an author's cards. */
export type PurgeBoards = Pick<LiveBoards, "connectedPeople"> & Partial<ErasureBoards>;

export interface KindContext {
  db: Db;
  now: Date;
  batchSize: number;
  boards?: PurgeBoards;
  /** Null: data that belongs to no (existing) structure, which the defaults govern. */
  structureId: string | null;
  overrides: RetentionOverrides;
  record(kind: RetentionKind, action: RetentionAction, count: number): void;
  /** A row left for the next run (a live board, a person whose cards no board can reach now). */
  postpone(kind: RetentionKind): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Names left on anonymised rows: a neutral word, the same for everyone. */
export const ANONYMOUS_NAME = t("privacy.purge.anonymousName");
/** A participant's token hash once anonymised or erased: no token hashes to it. */
const CLEARED_TOKEN = ["purged-", "erased-"];

/** Runs `act` on the ids `find` returns, a batch at a time, each batch after the last id seen. */
async function inBatches(
  context: KindContext,
  find: (after: string, take: number) => Promise<{ id: string }[]>,
  act: (ids: string[]) => Promise<number>,
): Promise<number> {
  let after = "";
  let total = 0;
  for (;;) {
    const rows = await find(after, context.batchSize);
    if (rows.length === 0) return total;
    total += await act(rows.map((row) => row.id));
    if (rows.length < context.batchSize) return total;
    after = rows[rows.length - 1]!.id;
  }
}

const page = (take: number) => ({ orderBy: { id: "asc" as const }, take, select: { id: true } });
const idAfter = (after: string) => ({ id: { gt: after } });

/** A session's end: its closing, or its start when it was never closed. */
const sessionEndedBefore = (cutoff: Date) => ({ OR: [{ closedAt: { lt: cutoff } }, { closedAt: null, startsAt: { lt: cutoff } }] });

function cutoffOf(context: KindContext, kind: RetentionKind): Date {
  return dueBefore(kind, context.now, context.overrides);
}

/** The kinds that belong to a structure, in an order where a row's dependants go before it. */
export async function purgeStructure(context: KindContext & { structureId: string }): Promise<void> {
  const { db, structureId } = context;
  const sessions = (kind: RetentionKind) => ({ structureId, ...sessionEndedBefore(cutoffOf(context, kind)) });

  // Boards: the log and snapshots go by cascade; the session stays for counts. A board someone is
  // on right now is left for the next run.
  const boardCutoff = sessions("board");
  let after = "";
  for (;;) {
    const rows = await db.board.findMany({
      where: { ...idAfter(after), session: boardCutoff },
      orderBy: { id: "asc" },
      take: context.batchSize,
      select: { id: true, sessionId: true },
    });
    const idle = rows.filter((row) => {
      const live = (context.boards?.connectedPeople(row.sessionId).size ?? 0) > 0;
      if (live) context.postpone("board");
      return !live;
    });
    if (idle.length > 0)
      context.record("board", "delete", (await db.board.deleteMany({ where: { id: { in: idle.map((row) => row.id) } } })).count);
    if (rows.length < context.batchSize) break;
    after = rows[rows.length - 1]!.id;
  }

  const participantWhere = {
    session: sessions("participant"),
    NOT: CLEARED_TOKEN.map((prefix) => ({ tokenHash: { startsWith: prefix } })),
  };
  context.record(
    "participant",
    "anonymise",
    await inBatches(
      context,
      (after, take) => db.participant.findMany({ where: { ...participantWhere, ...idAfter(after) }, ...page(take) }),
      async (ids) => {
        // Each row keeps counting one person who came; its name and its token (a fresh random hash
        // nobody holds) say nothing and open nothing.
        await db.$transaction(
          ids.map((id) =>
            db.participant.update({
              where: { id },
              data: { displayName: ANONYMOUS_NAME, personId: null, tokenHash: `purged-${randomBytes(24).toString("hex")}` },
            }),
          ),
        );
        return ids.length;
      },
    ),
  );

  const registrationWhere = {
    session: sessions("registration"),
    OR: [{ email: { not: null } }, { phone: { not: null } }, { token: { not: null } }, { name: { notIn: ["", ANONYMOUS_NAME] } }],
  };
  context.record(
    "registration",
    "anonymise",
    await inBatches(
      context,
      (after, take) => db.registration.findMany({ where: { ...registrationWhere, ...idAfter(after) }, ...page(take) }),
      async (ids) =>
        (
          await db.registration.updateMany({
            where: { id: { in: ids } },
            data: { name: ANONYMOUS_NAME, email: null, phone: null, token: null },
          })
        ).count,
    ),
  );

  const outboxCutoff = cutoffOf(context, "outbox");
  const outboxWhere = { structureId, OR: [{ sentAt: { lt: outboxCutoff } }, { sentAt: null, createdAt: { lt: outboxCutoff } }] };
  context.record(
    "outbox",
    "delete",
    await inBatches(
      context,
      (after, take) => db.outboxMessage.findMany({ where: { ...outboxWhere, ...idAfter(after) }, ...page(take) }),
      async (ids) => (await db.outboxMessage.deleteMany({ where: { id: { in: ids } } })).count,
    ),
  );

  const invitationWhere = { structureId, expiresAt: { lt: cutoffOf(context, "invitation") } };
  context.record(
    "invitation",
    "delete",
    await inBatches(
      context,
      (after, take) => db.structureInvitation.findMany({ where: { ...invitationWhere, ...idAfter(after) }, ...page(take) }),
      async (ids) => (await db.structureInvitation.deleteMany({ where: { id: { in: ids } } })).count,
    ),
  );

  const contactWhere = { structureId, createdAt: { lt: cutoffOf(context, "contactCard") } };
  context.record(
    "contactCard",
    "delete",
    await inBatches(
      context,
      (after, take) => db.contactCard.findMany({ where: { ...contactWhere, ...idAfter(after) }, ...page(take) }),
      async (ids) => (await db.contactCard.deleteMany({ where: { id: { in: ids } } })).count,
    ),
  );

  const accessCutoff = cutoffOf(context, "personAccess");
  const codeWhere = { person: { structureId }, OR: [{ expiresAt: { lt: accessCutoff } }, { usedAt: { lt: accessCutoff } }] };
  const sessionWhere = { person: { structureId }, OR: [{ expiresAt: { lt: accessCutoff } }, { revokedAt: { lt: accessCutoff } }] };
  context.record(
    "personAccess",
    "delete",
    (await inBatches(
      context,
      (after, take) => db.personSignInCode.findMany({ where: { ...codeWhere, ...idAfter(after) }, ...page(take) }),
      async (ids) => (await db.personSignInCode.deleteMany({ where: { id: { in: ids } } })).count,
    )) +
      (await inBatches(
        context,
        (after, take) => db.personSession.findMany({ where: { ...sessionWhere, ...idAfter(after) }, ...page(take) }),
        async (ids) => (await db.personSession.deleteMany({ where: { id: { in: ids } } })).count,
      )),
  );

  const versionWhere = { diagnostic: { person: { structureId } }, createdAt: { lt: cutoffOf(context, "diagnosticVersion") } };
  context.record(
    "diagnosticVersion",
    "delete",
    await inBatches(
      context,
      (after, take) => db.diagnosticVersion.findMany({ where: { ...versionWhere, ...idAfter(after) }, ...page(take) }),
      async (ids) => (await db.diagnosticVersion.deleteMany({ where: { id: { in: ids } } })).count,
    ),
  );

  const documentWhere = { person: { structureId, accompanimentEndedAt: { lt: cutoffOf(context, "document") } } };
  context.record(
    "document",
    "delete",
    await inBatches(
      context,
      (after, take) => db.personDocument.findMany({ where: { ...documentWhere, ...idAfter(after) }, ...page(take) }),
      async (ids) => (await db.personDocument.deleteMany({ where: { id: { in: ids } } })).count,
    ),
  );

  await purgePersons(context, cutoffOf(context, "person"));

  // Traces of reads made by this structure's professionals.
  const auditCutoff = cutoffOf(context, "audit");
  context.record(
    "audit",
    "delete",
    (await inBatches(
      context,
      (after, take) =>
        db.diagnosticAudit.findMany({
          where: { actorOrgId: structureId, createdAt: { lt: auditCutoff }, ...idAfter(after) },
          ...page(take),
        }),
      async (ids) => (await db.diagnosticAudit.deleteMany({ where: { id: { in: ids } } })).count,
    )) +
      (await inBatches(
        context,
        (after, take) =>
          db.readTrace.findMany({ where: { structureId, createdAt: { lt: auditCutoff }, ...idAfter(after) }, ...page(take) }),
        async (ids) => (await db.readTrace.deleteMany({ where: { id: { in: ids } } })).count,
      )),
  );

  const archiveWhere = { structureId, deletedAt: { lt: cutoffOf(context, "sessionArchive") } };
  context.record(
    "sessionArchive",
    "delete",
    await inBatches(
      context,
      (after, take) => db.sessionArchive.findMany({ where: { ...archiveWhere, ...idAfter(after) }, ...page(take) }),
      async (ids) => (await db.sessionArchive.deleteMany({ where: { id: { in: ids } } })).count,
    ),
  );

  // This structure's lines in the purge's own records; the runs themselves go in purgeUnowned.
  const countWhere = { structureId, run: { startedAt: { lt: cutoffOf(context, "purgeRun") } } };
  context.record(
    "purgeRun",
    "delete",
    await inBatches(
      context,
      (after, take) => db.purgeCount.findMany({ where: { ...countWhere, ...idAfter(after) }, ...page(take) }),
      async (ids) => (await db.purgeCount.deleteMany({ where: { id: { in: ids } } })).count,
    ),
  );
}

/**
 * Persons whose accompaniment ended long enough ago: erased the one way erasure is done, which also
 * takes her cards off the boards, her participations' names, registrations and messages. Someone
 * who wrote on a board while no board server is at hand is left for a run that has one.
 */
async function purgePersons(context: KindContext & { structureId: string }, cutoff: Date): Promise<void> {
  const { db, boards } = context;
  const erasureBoards = boards?.eraseAuthor && boards.disconnectPerson ? (boards as ErasureBoards) : undefined;
  const where = { structureId: context.structureId, accompanimentEndedAt: { lt: cutoff } };
  const erased = await inBatches(
    context,
    (after, take) => db.person.findMany({ where: { ...where, ...idAfter(after) }, ...page(take) }),
    async (ids) => {
      let count = 0;
      for (const id of ids) {
        try {
          count += (await erasePerson({ db, boards: erasureBoards }, id, context.now)).person;
        } catch (error) {
          if (!(error instanceof ErasureNeedsBoardsError)) throw error;
          context.postpone("person");
        }
      }
      return count;
    },
  );
  context.record("person", "delete", erased);
}

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
