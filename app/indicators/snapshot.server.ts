// The figures of one scope over one period, read with grouped queries: the database counts, and
// JavaScript only adds up the grouped rows (one per session and value, never one per person) into
// blocks (app/indicators/masking.ts). Two snapshots — the period and the one before — make a report.
import { Prisma, type Db } from "../../prisma/db.js";
import type { SessionKind } from "../../workshops/schema.js";
import { parisInstant } from "../lib/paris-dates.js";
import { SMALL_NUMBER_THRESHOLD } from "./indicator-table.js";
import { BlockTally } from "./masking.js";
import { parisMonth, type PeriodSpan } from "./period.js";
import type { ResolvedScope } from "./scope.server.js";

export interface SessionRow {
  id: string;
  kind: string;
  templateId: string;
  structureId: string;
  seriesId: string | null;
  startsAt: Date;
  closedAt: Date | null;
}

export interface Snapshot {
  span: PeriodSpan;
  sessions: SessionRow[];
  /** Every count of people, by cell key (see the keys below), block by block. */
  tally: BlockTally;
  /** Distinct people: linked to a person record, of whom already came before; professionals. */
  linkedPeople: number;
  returningPeople: number;
  professionals: number;
  /** The questions answered: key "questionId|scale" → label. */
  questions: Map<string, { label: string; scale: number }>;
  /** Practice exchanges: professionals present and contact cards shared, by their structure. */
  exchangeParticipants: Map<string, number>;
  contactCards: Map<string, number>;
  passes: Map<string, number>;
}

const blockOf = (session: SessionRow) =>
  `${parisMonth(session.startsAt)}|${session.kind}|${session.structureId}|${session.seriesId ?? "-"}`;

/** Counts of the rows grouped by Prisma's groupBy, whatever `_count` looks like. */
const countOf = (row: { _count: number | { _all?: number } }) => (typeof row._count === "number" ? row._count : (row._count._all ?? 0));

export async function takeSnapshot(db: Db, resolved: ResolvedScope, span: PeriodSpan, sessionKind?: SessionKind): Promise<Snapshot> {
  const inPeriod = { ...resolved.sessionWhere, startsAt: { gte: span.start, lt: span.end }, ...(sessionKind ? { kind: sessionKind } : {}) };
  const sessions = await db.groupSession.findMany({
    where: inPeriod,
    select: { id: true, kind: true, templateId: true, structureId: true, seriesId: true, startsAt: true, closedAt: true },
  });
  const blocks = new Map(sessions.map((session) => [session.id, blockOf(session)]));
  const territoryOf = new Map(resolved.structures.map((structure) => [structure.id, structure.territory ?? ""]));
  const sessionTerritory = new Map(sessions.map((session) => [session.id, territoryOf.get(session.structureId) ?? ""]));
  const tally = new BlockTally();
  // Sessions are selected by a join, never by a list of ids: two years hold more sessions than a
  // query may take parameters.
  const bySession = { session: inPeriod };
  const present = { ...bySession, revokedAt: null, waitingSince: null };
  const before = { revokedAt: null, waitingSince: null, session: { ...resolved.sessionWhere, startsAt: { lt: span.start } } };

  // Distinct people are grouped rows (one per person), counted here; returning ones are those also
  // grouped before the period.
  const [linked, earlier, users, unlinked, registrations, answers, outcomes] = await Promise.all([
    db.participant.groupBy({ by: ["personId"], where: { ...present, personId: { not: null } } }),
    db.participant.groupBy({ by: ["personId"], where: { ...before, personId: { not: null } } }),
    db.participant.groupBy({ by: ["userId"], where: { ...present, userId: { not: null } } }),
    db.participant.groupBy({ by: ["sessionId"], where: { ...present, personId: null, userId: null }, _count: { _all: true } }),
    db.registration.groupBy({ by: ["sessionId", "attendance"], where: { ...bySession, status: "registered" }, _count: { _all: true } }),
    // Only closed sessions' answers: until closing a participant may still change theirs, and a
    // figure that moved between two reloads would tell a facilitator what the person they just saw
    // tapping chose.
    answersOf(
      db,
      sessions.filter((session) => session.closedAt !== null).map((session) => session.id),
    ),
    db.outcome.groupBy({ by: ["sessionId", "dimension", "status"], where: bySession, _count: { _all: true } }),
  ]);

  const earlierPeople = new Set(earlier.map((row) => row.personId));
  const linkedPeople = linked.length;
  const returningPeople = linked.filter((row) => earlierPeople.has(row.personId)).length;
  const professionals = users.length;
  for (const row of unlinked) tally.add("participants.unlinked", blocks.get(row.sessionId)!, countOf(row));
  for (const row of registrations) {
    const block = blocks.get(row.sessionId)!;
    const count = countOf(row);
    const attendance =
      row.attendance === "present" || row.attendance === "absent" || row.attendance === "excused" ? row.attendance : "unmarked";
    // The same figures for the whole scope and for the session's territory (network view).
    for (const prefix of ["", `territory.${sessionTerritory.get(row.sessionId)!}.`]) {
      tally.add(`${prefix}registrations`, block, count);
      tally.add(`${prefix}attendance.${attendance}`, block, count);
      if (attendance !== "unmarked") tally.add(`${prefix}attendance.marked`, block, count);
    }
  }
  const questions = new Map<string, { label: string; scale: number }>();
  for (const row of answers) {
    const key = `${row.questionId}|${row.scale}`;
    if (!questions.has(key)) questions.set(key, { label: row.label, scale: row.scale });
    const block = blocks.get(row.sessionId)!;
    const count = countOf(row);
    tally.add(`answers.${key}.given`, block, count);
    if (!row.spread) continue;
    tally.add(`answers.${key}`, block, count);
    tally.add(`answers.${key}.${row.value}`, block, count);
    if (row.value > (row.scale + 1) / 2) tally.add(`answers.${key}.satisfied`, block, count);
  }
  for (const row of outcomes) {
    const block = blocks.get(row.sessionId)!;
    const status = row.status === "accepted" || row.status === "declined" ? row.status : "proposed";
    tally.add(`outcomes.${row.dimension}.all`, block, countOf(row));
    tally.add(`outcomes.${row.dimension}.${status}`, block, countOf(row));
  }

  await actionPlanSteps(db, resolved, span, tally);
  const exchanges = await exchangeFigures(
    db,
    resolved,
    span,
    sessionKind && sessionKind !== "practice_exchange" ? null : { ...inPeriod, kind: "practice_exchange" },
  );
  return {
    span,
    sessions,
    tally,
    linkedPeople,
    returningPeople,
    professionals,
    questions,
    ...exchanges,
  };
}

/** A query takes at most this many session ids (SQLite's and Prisma's parameter limits). */
const IDS_PER_QUERY = 500;

/**
 * Satisfaction answers grouped by session, question and face. Answers carry their session's id but
 * no relation to it: they are read by lists of ids, a few hundred per query.
 */
async function answersOf(db: Db, sessionIds: string[]) {
  const chunks: string[][] = [];
  for (let index = 0; index < sessionIds.length; index += IDS_PER_QUERY) chunks.push(sessionIds.slice(index, index + IDS_PER_QUERY));
  const results = await Promise.all(
    chunks.map((ids) =>
      db.feedbackAnswer.groupBy({
        by: ["sessionId", "questionId", "label", "scale", "value"],
        where: { sessionId: { in: ids } },
        _count: { _all: true },
      }),
    ),
  );
  // A session's answers to a question are spread by face only when at least five people of that
  // session answered it: otherwise reading the indicators before and after a small session closes
  // would tell its few answers apart (decision 019). They still count as answers given.
  const rows = results.flat();
  const answered = new Map<string, number>();
  const key = (row: { sessionId: string; questionId: string }) => `${row.sessionId}|${row.questionId}`;
  for (const row of rows) answered.set(key(row), (answered.get(key(row)) ?? 0) + row._count._all);
  return rows.map((row) => ({ ...row, spread: answered.get(key(row))! >= SMALL_NUMBER_THRESHOLD }));
}

/**
 * Action-plan steps written in the period in the diagnostics of the scope's people, by status. A
 * step is not tied to a session: its blocks are the month it was written in and the person's
 * structure (so that a network's figures minus one structure's give no small number either). One
 * grouped statement: the month is found by comparing with the months' first instants in Paris.
 */
async function actionPlanSteps(db: Db, resolved: ResolvedScope, span: PeriodSpan, tally: BlockTally) {
  const structureIds = resolved.peopleStructureIds;
  if (!structureIds || structureIds.length === 0) return;
  const starts = span.months.slice(1).map((month) => parisInstant(`${month}-01`));
  const monthOf =
    starts.length === 0
      ? Prisma.sql`0`
      : Prisma.sql`CASE ${Prisma.join(
          starts.map((start, index) => Prisma.sql`WHEN e."createdAt" < ${start} THEN ${index}`),
          " ",
        )} ELSE ${starts.length} END`;
  const rows = await db.$queryRaw<{ structureId: string; status: string | null; month: number | bigint; steps: number | bigint }[]>`
    SELECT p."organizationId" AS "structureId", e."status" AS "status", ${monthOf} AS "month", COUNT(*) AS "steps"
    FROM "DiagnosticEntry" e
    JOIN "Diagnostic" d ON d."id" = e."diagnosticId"
    JOIN "Person" p ON p."id" = d."personId"
    WHERE e."dimension" = 'action_plan'
      AND e."createdAt" >= ${span.start} AND e."createdAt" < ${span.end}
      AND p."organizationId" IN (${Prisma.join(structureIds)})
    GROUP BY 1, 2, 3`;
  for (const row of rows) {
    const block = `${span.months[Number(row.month)]}|${row.structureId}`;
    tally.add(`steps.${row.status ?? "none"}`, block, Number(row.steps));
    tally.add("steps.all", block, Number(row.steps));
  }
}

/** Practice exchanges: who came from which structure, contact cards shared, hosting passed. */
async function exchangeFigures(db: Db, resolved: ResolvedScope, span: PeriodSpan, exchanges: object | null) {
  const structureIds = resolved.structures.map((structure) => structure.id);
  const proposalWhere = resolved.scope.kind === "series" ? { seriesId: resolved.scope.seriesId } : { structureId: { in: structureIds } };
  const [memberships, cards, passes] = await Promise.all([
    exchanges
      ? db.membership.groupBy({
          by: ["structureId"],
          where: { structureId: { in: structureIds }, user: { participations: { some: { session: exchanges, revokedAt: null } } } },
          _count: { _all: true },
        })
      : [],
    exchanges ? db.contactCard.groupBy({ by: ["structureId"], where: { session: exchanges }, _count: { _all: true } }) : [],
    db.hostingProposal.groupBy({
      by: ["structureId"],
      where: { ...proposalWhere, status: "passed", decidedAt: { gte: span.start, lt: span.end } },
      _count: { _all: true },
    }),
  ]);
  return {
    exchangeParticipants: new Map(memberships.map((row) => [row.structureId, countOf(row)])),
    contactCards: new Map(cards.map((row) => [row.structureId, countOf(row)])),
    passes: new Map(passes.map((row) => [row.structureId, countOf(row)])),
  };
}
