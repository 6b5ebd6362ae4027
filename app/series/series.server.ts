import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import type { MessageKey } from "../i18n";
import { ORGANISER_ROLES } from "../structures/roles.js";
import { constraintsOf, fieldErrors, type FieldErrors } from "../lib/forms.js";
import { newSessionSchema } from "../sessions/sessions.schema.js";
import { createSession, sessionsRunBy } from "../sessions/sessions.server.js";

/**
 * Practice-exchange series: structures of a territory host an exchange in turn. The rotation is a
 * pure function (`nextHost`); the rest reads and writes the series, its proposals and its contact book.
 */

export const PROPOSAL_STATUSES = ["proposed", "accepted", "passed"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const EXCHANGE_TEMPLATE_ID = "echange-pratiques-thematique";

type RotationProposal = { structureId: string; status: string };

/** True when every member passed, one after the other: nobody is asked again until someone acts. */
export function allPassedInARow(members: { structureId: string }[], proposals: RotationProposal[]): boolean {
  let streak = 0;
  for (let i = proposals.length - 1; i >= 0 && proposals[i].status === "passed"; i--) streak++;
  return members.length > 0 && streak >= members.length;
}

/**
 * The structure to ask next: the one after the last structure that answered (accepted, or passed —
 * a pass skips that structure for this round only), wrapping around. Null when every member passed
 * in a row. `members` in rotation order, `proposals` oldest first.
 */
export function nextHost(members: { structureId: string }[], proposals: RotationProposal[]): string | null {
  if (members.length === 0 || allPassedInARow(members, proposals)) return null;
  const last = proposals.at(-1);
  if (!last) return members[0].structureId;
  const index = members.findIndex((member) => member.structureId === last.structureId);
  return members[(index + 1) % members.length].structureId;
}

/** The series a professional sees: one of their structures is a member. The tenancy rule for series. */
export function seriesSeenBy(userId: string) {
  return { members: { some: { structure: { memberships: { some: { userId } } } } } };
}

const message = (key: MessageKey) => ({ message: key });

export const newSeriesSchema = z.object({
  title: z.string().trim().min(3, message("series.error.title")).max(120, message("series.error.title")),
  territory: z.string().trim().min(2, message("series.error.territory")).max(120, message("series.error.territory")),
  theme: z.string().trim().min(3, message("series.error.theme")).max(200, message("series.error.theme")),
  members: z.array(z.string().min(1)).min(2, message("series.error.members")),
});

/** Checked structures in rotation order: by the number typed beside them, then in the list's order. */
export function membersInOrder(form: FormData): string[] {
  const checked = form.getAll("member").map(String);
  const rank = (id: string) => {
    const typed = Number.parseInt(String(form.get(`position-${id}`) ?? ""), 10);
    return Number.isFinite(typed) ? typed : Number.POSITIVE_INFINITY;
  };
  return checked
    .map((id, index) => ({ id, index, rank: rank(id) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ id }) => id)
    .filter((id, index, all) => all.indexOf(id) === index);
}

export function listSeriesForUser(db: Db, userId: string) {
  return db.practiceSeries.findMany({
    where: seriesSeenBy(userId),
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      title: true,
      territory: true,
      theme: true,
      members: { orderBy: { position: "asc" }, select: { structure: { select: { name: true } } } },
    },
  });
}

/** Every structure, the professional's own first: a series gathers structures beyond one's own. */
export async function structuresForNewSeries(db: Db, userId: string) {
  const all = await db.structure.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, memberships: { where: { userId, role: { in: ORGANISER_ROLES } }, select: { id: true } } },
  });
  const own = all.filter((structure) => structure.memberships.length > 0);
  const others = all.filter((structure) => structure.memberships.length === 0);
  return [...own, ...others].map(({ id, name, memberships }) => ({ id, name, own: memberships.length > 0 }));
}

export type CreateSeriesResult = { ok: true; seriesId: string } | { ok: false; errors: FieldErrors };

/** Creates the series with its members in rotation order, and asks the first structure to host. */
export async function createSeries(db: Db, userId: string, input: z.infer<typeof newSeriesSchema>): Promise<CreateSeriesResult> {
  const known = await db.structure.count({ where: { id: { in: input.members } } });
  if (known !== input.members.length) return { ok: false, errors: { members: "series.error.members" } };
  const own = await db.membership.count({
    where: { userId, role: { in: ORGANISER_ROLES }, structureId: { in: input.members } },
  });
  if (own === 0) return { ok: false, errors: { members: "series.error.ownMember" } };
  const series = await db.practiceSeries.create({
    data: {
      title: input.title,
      territory: input.territory,
      theme: input.theme,
      createdById: userId,
      members: { create: input.members.map((structureId, index) => ({ structureId, position: index + 1 })) },
    },
    select: { id: true },
  });
  await proposeNext(db, series.id);
  return { ok: true, seriesId: series.id };
}

/**
 * Asks the next structure in the rotation to host. Does nothing while a proposal waits for its
 * answer, or when every member passed in a row; returns the open proposal, or null.
 */
export async function proposeNext(db: Db, seriesId: string) {
  const open = await db.hostingProposal.findFirst({ where: { seriesId, status: "proposed" } });
  if (open) return open;
  const [members, proposals] = await Promise.all([
    db.seriesMember.findMany({ where: { seriesId }, orderBy: { position: "asc" }, select: { structureId: true } }),
    db.hostingProposal.findMany({
      where: { seriesId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { structureId: true, status: true },
    }),
  ]);
  const structureId = nextHost(members, proposals);
  if (!structureId) return null;
  return db.hostingProposal.create({ data: { seriesId, structureId } });
}

export async function findSeriesForUser(db: Db, userId: string, seriesId: string) {
  const series = await db.practiceSeries.findFirst({
    where: { id: seriesId, ...seriesSeenBy(userId) },
    select: {
      id: true,
      title: true,
      territory: true,
      theme: true,
      members: {
        orderBy: { position: "asc" },
        select: { structureId: true, position: true, structure: { select: { name: true } } },
      },
      proposals: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          structureId: true,
          status: true,
          theme: true,
          sessionId: true,
          createdAt: true,
          decidedAt: true,
          structure: { select: { name: true, memberships: { where: { userId, role: { in: ORGANISER_ROLES } }, select: { id: true } } } },
        },
      },
    },
  });
  if (!series) return null;
  const exchanges = await db.groupSession.findMany({
    where: { seriesId, ...sessionsRunBy(userId) },
    orderBy: { startsAt: "asc" },
    select: { id: true, title: true, startsAt: true, structure: { select: { name: true } } },
  });
  const proposals = series.proposals.map(({ structure, ...proposal }) => ({
    ...proposal,
    structureName: structure.name,
    mine: structure.memberships.length > 0,
  }));
  const themes = new Map(proposals.filter((p) => p.sessionId).map((p) => [p.sessionId, p.theme]));
  return {
    ...series,
    proposals,
    current: proposals.find((proposal) => proposal.status === "proposed") ?? null,
    allPassed: allPassedInARow(series.members, proposals),
    exchanges: exchanges.map((exchange) => ({ ...exchange, theme: themes.get(exchange.id) ?? null })),
  };
}

/** The open proposal, only for a professional (admin or facilitator) of the structure asked. */
function openProposalFor(db: Db, userId: string, seriesId: string, proposalId: string) {
  return db.hostingProposal.findFirst({
    where: {
      id: proposalId,
      seriesId,
      status: "proposed",
      structure: { memberships: { some: { userId, role: { in: ORGANISER_ROLES } } } },
    },
    select: { id: true, structureId: true },
  });
}

export const acceptSchema = z.object({
  theme: z.string().trim().min(3, message("series.error.exchangeTheme")).max(90, message("series.error.exchangeTheme")),
});

/** The hosting answer's own inputs (the date, time and place follow the new-session form's rules). */
export const hostingAnswerFields = { theme: constraintsOf(acceptSchema).theme, place: constraintsOf(newSessionSchema).place };

export type AnswerResult = { ok: true; sessionId?: string } | { ok: false; errors: FieldErrors } | null;

/**
 * The asked structure accepts: the exchange is created as its session, of the series, with every
 * other member as co-host. Null when the proposal is not this professional's to answer.
 */
export async function acceptProposal(
  db: Db,
  userId: string,
  seriesId: string,
  proposalId: string,
  form: Record<string, unknown>,
): Promise<AnswerResult> {
  const proposal = await openProposalFor(db, userId, seriesId, proposalId);
  if (!proposal) return null;
  const theme = acceptSchema.safeParse(form);
  const session = newSessionSchema.safeParse({
    ...form,
    structureId: proposal.structureId,
    kind: "practice_exchange",
    templateId: EXCHANGE_TEMPLATE_ID,
    title: theme.success ? exchangeTitle(theme.data.theme) : "",
  });
  if (!theme.success || !session.success) {
    const errors = { ...(session.success ? {} : fieldErrors(session.error)), ...(theme.success ? {} : fieldErrors(theme.error)) };
    delete errors.title;
    return { ok: false, errors };
  }
  // Claim the proposal first, so that two colleagues answering at once create one exchange.
  const claimed = await db.hostingProposal.updateMany({
    where: { id: proposal.id, status: "proposed" },
    data: { status: "accepted", theme: theme.data.theme, decidedById: userId, decidedAt: new Date() },
  });
  if (claimed.count === 0) return null;
  const created = await createSession(db, userId, session.data);
  if (!created.ok) {
    await db.hostingProposal.update({
      where: { id: proposal.id },
      data: { status: "proposed", theme: null, decidedById: null, decidedAt: null },
    });
    return { ok: false, errors: created.errors };
  }
  const others = await db.seriesMember.findMany({
    where: { seriesId, structureId: { not: proposal.structureId } },
    select: { structureId: true },
  });
  await db.$transaction([
    db.groupSession.update({ where: { id: created.sessionId }, data: { seriesId } }),
    db.sessionCoHost.createMany({ data: others.map(({ structureId }) => ({ sessionId: created.sessionId, structureId })) }),
    db.hostingProposal.update({ where: { id: proposal.id }, data: { sessionId: created.sessionId } }),
  ]);
  return { ok: true, sessionId: created.sessionId };
}

export function exchangeTitle(theme: string): string {
  return `Échange de pratiques : ${theme}`;
}

/** The asked structure passes its turn (recorded, never silent) and the next one is asked. */
export async function passProposal(db: Db, userId: string, seriesId: string, proposalId: string): Promise<AnswerResult> {
  const proposal = await openProposalFor(db, userId, seriesId, proposalId);
  if (!proposal) return null;
  const passed = await db.hostingProposal.updateMany({
    where: { id: proposal.id, status: "proposed" },
    data: { status: "passed", decidedById: userId, decidedAt: new Date() },
  });
  if (passed.count === 0) return null;
  await proposeNext(db, seriesId);
  return { ok: true };
}

/** The session's series, for a session the professional may already see. */
export async function seriesOfSession(db: Db, sessionId: string) {
  const session = await db.groupSession.findUnique({
    where: { id: sessionId },
    select: { series: { select: { id: true, title: true } } },
  });
  return session?.series ?? null;
}
