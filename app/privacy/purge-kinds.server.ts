// What the purge does to each kind of data of one structure, once its period is over
// (app/privacy/retention.ts): deleted, or anonymised so that counts survive without a name.
import { randomBytes } from "node:crypto";
import { ErasureNeedsBoardsError, erasePerson, type ErasureBoards } from "./erase-person.server.js";
import { ANONYMOUS_NAME, CLEARED_TOKEN, cutoffOf, idAfter, inBatches, page, type KindContext } from "./purge-batches.server.js";
import type { RetentionKind } from "./retention.js";

/** A session's end: its closing, or its start when it was never closed. */
const sessionEndedBefore = (cutoff: Date) => ({ OR: [{ closedAt: { lt: cutoff } }, { closedAt: null, startsAt: { lt: cutoff } }] });

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
    const idle: typeof rows = [];
    for (const row of rows) {
      const live = ((await context.boards?.connectedPeople(row.sessionId))?.size ?? 0) > 0;
      if (live) context.postpone("board");
      else idle.push(row);
    }
    for (const row of idle) await context.boards?.forgetBoard?.(row.sessionId);
    if (idle.length > 0)
      context.record("board", "delete", (await db.board.deleteMany({ where: { id: { in: idle.map((row) => row.id) } } })).count);
    if (rows.length < context.batchSize) break;
    after = rows[rows.length - 1]!.id;
  }
  // The words left with the end-of-session answers are free text, like cards: they go with the board
  // (issue 16.1), and so does the key of a ballot whose session was never closed. The faces stay,
  // counted by the indicators, linked to nobody.
  await db.feedbackBallot.updateMany({
    where: { session: boardCutoff, OR: [{ word: { not: null } }, { ballotKey: { not: null } }] },
    data: { word: null, ballotKey: null },
  });

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

  // Appointments whose time is long past: name and contact go, status and time stay for counts.
  const appointmentWhere = {
    structureId,
    slot: { startsAt: { lt: cutoffOf(context, "appointment") } },
    OR: [{ email: { not: null } }, { phone: { not: null } }, { participantId: { not: null } }, { name: { notIn: ["", ANONYMOUS_NAME] } }],
  };
  context.record(
    "appointment",
    "anonymise",
    await inBatches(
      context,
      (after, take) => db.appointment.findMany({ where: { ...appointmentWhere, ...idAfter(after) }, ...page(take) }),
      async (ids) =>
        (
          await db.appointment.updateMany({
            where: { id: { in: ids } },
            data: { name: ANONYMOUS_NAME, email: null, phone: null, participantId: null, followUpAt: null },
          })
        ).count,
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
      )) +
      // The openings of documents its people showed (their journal's lines, app/documents), as long as any read.
      (await inBatches(
        context,
        (after, take) =>
          db.documentShareOpen.findMany({
            where: { share: { person: { structureId } }, openedAt: { lt: auditCutoff }, ...idAfter(after) },
            ...page(take),
          }),
        async (ids) => (await db.documentShareOpen.deleteMany({ where: { id: { in: ids } } })).count,
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
