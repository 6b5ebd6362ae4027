// End-of-session questions, server side (issue 16.1): the session's questions, a participant's own
// ballot read back by its key, saving it, and the anonymous summary the facilitator reads. A ballot
// holds no participant id, no name and no time: only the key the participant's own token produces
// (auth.server.ts participantBallotKey), cleared when the session closes (closeSession).
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { sessionFeedbackQuestions, type FeedbackQuestion } from "../../workshops/feedback.js";
import { phaseSchema } from "../../workshops/schema.js";
import { masked, peopleCount, SMALL_NUMBER_THRESHOLD, type IndicatorCell } from "../indicators/indicator-table.js";
import { protectParts } from "../indicators/masking.js";
import { FEEDBACK_WORD_MAX, questionField, WORD_FIELD } from "./fields.js";

export interface FeedbackSession {
  id: string;
  title: string;
  closed: boolean;
  questions: FeedbackQuestion[];
}

/** The session's questions and whether it still takes answers; null when there is no such session. */
export async function findFeedbackSession(db: Db, sessionId: string): Promise<FeedbackSession | null> {
  const session = await db.groupSession.findUnique({
    where: { id: sessionId },
    select: { id: true, title: true, agenda: true, closedAt: true },
  });
  if (!session) return null;
  return { id: session.id, title: session.title, closed: session.closedAt !== null, questions: questionsOfAgenda(session.agenda) };
}

export function questionsOfAgenda(agenda: unknown): FeedbackQuestion[] {
  const parsed = z.array(phaseSchema).safeParse(agenda);
  return sessionFeedbackQuestions(parsed.success ? parsed.data : []);
}

export interface OwnBallot {
  /** question id → the face chosen (1 to the scale) */
  answers: Record<string, number>;
  word: string;
}

/** The participant's own answers, found by the key only their token produces. */
export async function ownBallot(db: Db, sessionId: string, ballotKey: string): Promise<OwnBallot | null> {
  const ballot = await db.feedbackBallot.findFirst({
    where: { ballotKey, sessionId },
    select: { word: true, answers: { select: { questionId: true, value: true } } },
  });
  if (!ballot) return null;
  return { answers: Object.fromEntries(ballot.answers.map((answer) => [answer.questionId, answer.value])), word: ballot.word ?? "" };
}

export type BallotInput = { answers: { question: FeedbackQuestion; value: number }[]; word: string | null };

/**
 * Reads a posted ballot against the session's questions. Any field that is not a question of this
 * session or the word, a repeated field, a face outside the question's scale or an over-long word
 * refuses the whole ballot: nothing is half-saved. At least one face or a word.
 */
export function parseBallot(form: FormData, questions: FeedbackQuestion[]): BallotInput | null {
  const byField = new Map(questions.map((question) => [questionField(question.id), question]));
  const answers: BallotInput["answers"] = [];
  let word: string | null = null;
  const seen = new Set<string>();
  for (const [name, value] of form) {
    if (seen.has(name) || typeof value !== "string") return null;
    seen.add(name);
    if (name === WORD_FIELD) {
      const parsed = z.string().trim().max(FEEDBACK_WORD_MAX).safeParse(value);
      if (!parsed.success) return null;
      word = parsed.data === "" ? null : parsed.data;
      continue;
    }
    const question = byField.get(name);
    if (!question) return null;
    // One digit, as the radio buttons send it: no "1e0", " 2" or "2.0" standing in for a face.
    const face = z
      .string()
      .regex(/^[1-9]$/)
      .transform(Number)
      .pipe(z.number().max(question.scale))
      .safeParse(value);
    if (!face.success) return null;
    answers.push({ question, value: face.data });
  }
  if (answers.length === 0 && word === null) return null;
  return { answers, word };
}

/**
 * Files the ballot under its key: a second post replaces the first (one ballot per person). Refused
 * (false) once the session is closed — also if it closed while this was being written, in which case
 * the key is cleared again so that no ballot stays linkable after closing.
 */
export async function saveBallot(db: Db, sessionId: string, ballotKey: string, input: BallotInput): Promise<boolean> {
  const saved = await db.$transaction(async (tx) => {
    const session = await tx.groupSession.findUnique({ where: { id: sessionId }, select: { closedAt: true } });
    if (!session || session.closedAt) return false;
    const ballot = await tx.feedbackBallot.upsert({
      where: { ballotKey },
      create: { sessionId, ballotKey, word: input.word },
      update: { word: input.word },
      select: { id: true, sessionId: true },
    });
    if (ballot.sessionId !== sessionId) return false;
    await tx.feedbackAnswer.deleteMany({ where: { ballotId: ballot.id } });
    await tx.feedbackAnswer.createMany({
      data: input.answers.map(({ question, value }) => ({
        ballotId: ballot.id,
        sessionId,
        questionId: question.id,
        label: question.label,
        scale: question.scale,
        value,
      })),
    });
    return true;
  });
  if (!saved) return false;
  const after = await db.groupSession.findUnique({ where: { id: sessionId }, select: { closedAt: true } });
  if (after?.closedAt) {
    await db.feedbackBallot.updateMany({ where: { sessionId, ballotKey: { not: null } }, data: { ballotKey: null } });
    return false;
  }
  return true;
}

export interface FeedbackQuestionSummary {
  id: string;
  label: string;
  scale: number;
  answered: IndicatorCell;
  /** One cell per face, saddest first: "< 5" under the threshold of people. */
  faces: IndicatorCell[];
}

export interface FeedbackSummary {
  ballots: IndicatorCell;
  /** Fewer ballots than the threshold: every face is hidden ("< 5"). */
  masked: boolean;
  questions: FeedbackQuestionSummary[];
  /** The words, sorted, without any name, order or time. */
  words: string[];
}

/** What the facilitator reads of a session's answers: no name, no order, small numbers hidden. */
export async function feedbackSummary(db: Db, sessionId: string, agenda: unknown): Promise<FeedbackSummary | null> {
  const [ballots, grouped, words] = await Promise.all([
    db.feedbackBallot.count({ where: { sessionId } }),
    db.feedbackAnswer.groupBy({ by: ["questionId", "value"], where: { sessionId }, _count: { _all: true } }),
    db.feedbackBallot.findMany({ where: { sessionId, word: { not: null } }, select: { word: true } }),
  ]);
  if (ballots === 0) return null;
  const hidden = ballots < SMALL_NUMBER_THRESHOLD;
  const asked = questionsOfAgenda(agenda);
  // Answers to a question the agenda no longer lists (a variant edited since) keep their own label.
  const labels = await db.feedbackAnswer.findMany({
    where: { sessionId, questionId: { notIn: asked.map((question) => question.id) } },
    distinct: ["questionId"],
    select: { questionId: true, label: true, scale: true },
  });
  const questions = [...asked, ...labels.map((row) => ({ id: row.questionId, label: row.label, scale: row.scale }))];
  const count = (questionId: string, value?: number) =>
    grouped
      .filter((row) => row.questionId === questionId && (value === undefined || row.value === value))
      .reduce((sum, row) => sum + row._count._all, 0);
  return {
    ballots: peopleCount(ballots),
    masked: hidden,
    questions: questions.map((question) => ({
      id: question.id,
      label: question.label,
      scale: question.scale,
      answered: peopleCount(count(question.id)),
      faces: hidden
        ? Array.from({ length: question.scale }, () => masked)
        : faceCells(Array.from({ length: question.scale }, (_, index) => count(question.id, index + 1))),
    })),
    // The words are read as written, without a name, an order or a time: sorted.
    words: words.map((row) => row.word ?? "").sort((a, b) => a.localeCompare(b, "fr")),
  };
}

/**
 * One cell per face, small numbers hidden. When a single face is hidden, the question's total would
 * give it away (total minus the others): the next smallest non-zero face is hidden with it.
 */
export function faceCells(counts: number[]): IndicatorCell[] {
  // The indicators' own rule for parts of a total (masking.ts), so that report and indicators agree.
  const total = counts.reduce((sum, n) => sum + n, 0);
  return protectParts(peopleCount(total), counts.map(peopleCount)).parts;
}
