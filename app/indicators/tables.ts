// From two snapshots (the period and the one before) to the tables every page and export shows.
// Pure: the figures are already counted; here they are labelled, masked (masking.ts) and ordered.
import { DIAGNOSTIC_DIMENSIONS, SESSION_KINDS } from "../../workshops/schema.js";
import { t, type MessageKey } from "../i18n/index.js";
import { criterion } from "./criteria.js";
import { masked, peopleCount, type IndicatorCell, type IndicatorTable } from "./indicator-table.js";
import { protectParts } from "./masking.js";
import type { Snapshot } from "./snapshot.server.js";

export interface TableContext {
  current: Snapshot;
  previous: Snapshot;
  templateTitles: Map<string, string>;
  structures: { id: string; name: string; territory: string | null }[];
  /** Action-plan steps are counted for structures and networks, not for a series. */
  withSteps: boolean;
  /** The practice-exchange table: always for a series, else when an exchange took place. */
  withExchanges: boolean;
  withTerritories: boolean;
}

const text = (value: string): IndicatorCell => ({ text: value });
const count = (value: number): IndicatorCell => ({ count: value });
const isMasked = (cell: IndicatorCell) => "masked" in cell;

function periodColumns(context: TableContext, first: { key: string; label: string }) {
  return [first, { key: "current", label: context.current.span.label }, { key: "previous", label: context.previous.span.label }];
}

function countBy<T>(items: T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

function sessionsByKind(context: TableContext): IndicatorTable {
  const current = countBy(context.current.sessions, (session) => session.kind);
  const previous = countBy(context.previous.sessions, (session) => session.kind);
  const rows = SESSION_KINDS.map((kind) => ({
    label: text(t(`kind.${kind}` as MessageKey)),
    current: count(current.get(kind) ?? 0),
    previous: count(previous.get(kind) ?? 0),
  }));
  rows.push({
    label: text(t("indicators.total")),
    current: count(context.current.sessions.length),
    previous: count(context.previous.sessions.length),
  });
  return {
    id: "sessions-by-kind",
    title: t("indicators.sessionsByKind.title"),
    criterion: criterion("collective-times"),
    columns: periodColumns(context, { key: "label", label: t("indicators.column.kind") }),
    rows,
    chart: { kind: "bars", labelKey: "label", valueKeys: ["current", "previous"] },
  };
}

function sessionsByTemplate(context: TableContext): IndicatorTable {
  const current = countBy(context.current.sessions, (session) => session.templateId);
  const previous = countBy(context.previous.sessions, (session) => session.templateId);
  const ids = [...new Set([...current.keys(), ...previous.keys()])];
  const titleOf = (id: string) => context.templateTitles.get(id) ?? t("indicators.template.unknown");
  ids.sort((a, b) => (current.get(b) ?? 0) - (current.get(a) ?? 0) || titleOf(a).localeCompare(titleOf(b), "fr"));
  return {
    id: "sessions-by-template",
    title: t("indicators.sessionsByTemplate.title"),
    criterion: criterion("collective-times"),
    columns: periodColumns(context, { key: "label", label: t("indicators.column.template") }),
    rows: ids.map((id) => ({ label: text(titleOf(id)), current: count(current.get(id) ?? 0), previous: count(previous.get(id) ?? 0) })),
    chart: { kind: "bars", labelKey: "label", valueKeys: ["current", "previous"] },
  };
}

/** People: distinct persons, first-time or returning, participants not linked to a person, professionals. */
function participantFigures(snapshot: Snapshot): IndicatorCell[] {
  const unlinked = snapshot.tally.value("participants.unlinked");
  const firstTime = snapshot.linkedPeople - snapshot.returningPeople;
  const { total, parts } = protectParts(peopleCount(snapshot.linkedPeople + unlinked), [
    peopleCount(firstTime),
    peopleCount(snapshot.returningPeople),
    snapshot.tally.people("participants.unlinked"),
  ]);
  return [total, ...parts, peopleCount(snapshot.professionals)];
}

function participants(context: TableContext): IndicatorTable {
  const current = participantFigures(context.current);
  const previous = participantFigures(context.previous);
  const labels: MessageKey[] = [
    "indicators.participants.people",
    "indicators.participants.firstTime",
    "indicators.participants.returning",
    "indicators.participants.unlinked",
    "indicators.participants.professionals",
  ];
  return {
    id: "participants",
    title: t("indicators.participants.title"),
    criterion: criterion("collective-times"),
    columns: periodColumns(context, { key: "label", label: t("indicators.column.who") }),
    rows: labels.map((key, index) => ({ label: text(t(key)), current: current[index]!, previous: previous[index]! })),
    chart: { kind: "bars", labelKey: "label", valueKeys: ["current", "previous"] },
    note: t("indicators.participants.note"),
  };
}

const ATTENDANCE = ["present", "absent", "excused", "unmarked"] as const;

/**
 * Registrations, present, absent, excused, unmarked and the attendance rate, for the whole scope or
 * one territory (`prefix`). The rate is hidden with any figure it is computed from.
 */
function attendanceFigures(snapshot: Snapshot, prefix = ""): IndicatorCell[] {
  const { tally } = snapshot;
  const { total, parts } = protectParts(
    tally.people(`${prefix}registrations`),
    ATTENDANCE.map((key) => tally.people(`${prefix}attendance.${key}`)),
  );
  const rate = parts.slice(0, 3).some(isMasked) ? masked : tally.rate(`${prefix}attendance.present`, `${prefix}attendance.marked`);
  return [total, ...parts, rate];
}

function attendance(context: TableContext): IndicatorTable {
  const current = attendanceFigures(context.current);
  const previous = attendanceFigures(context.previous);
  const labels: MessageKey[] = [
    "indicators.attendance.registrations",
    "indicators.attendance.present",
    "indicators.attendance.absent",
    "indicators.attendance.excused",
    "indicators.attendance.unmarked",
    "indicators.attendance.rate",
  ];
  return {
    id: "attendance",
    title: t("indicators.attendance.title"),
    criterion: criterion("collective-times"),
    columns: periodColumns(context, { key: "label", label: t("indicators.column.figure") }),
    rows: labels.map((key, index) => ({ label: text(t(key)), current: current[index]!, previous: previous[index]! })),
    chart: { kind: "bars", labelKey: "label", valueKeys: ["current", "previous"], rows: [0, 1, 2, 3, 4] },
    note: t("indicators.attendance.note"),
  };
}

const FACES = [1, 2, 3, 4, 5] as const;

/** One question's answers: count, distribution by face, share of satisfied answers. */
function answerFigures(snapshot: Snapshot, key: string, scale: number) {
  const { tally } = snapshot;
  const { total, parts } = protectParts(
    tally.people(`answers.${key}`),
    FACES.filter((face) => face <= scale).map((face) => tally.people(`answers.${key}.${face}`)),
  );
  const rate = parts.some(isMasked) || isMasked(total) ? masked : tally.rate(`answers.${key}.satisfied`, `answers.${key}`);
  // Shown: every answer given, spread by face or not (a small session's are not, decision 019). When
  // all were spread it is the total the parts add up to, hidden if protecting the parts hid it.
  const given = tally.value(`answers.${key}.given`) === tally.value(`answers.${key}`) ? total : tally.people(`answers.${key}.given`);
  return { total: given, parts, rate };
}

function satisfaction(context: TableContext): IndicatorTable {
  const keys = [...new Set([...context.current.questions.keys(), ...context.previous.questions.keys()])];
  const rows = keys.map((key) => {
    const question = context.current.questions.get(key) ?? context.previous.questions.get(key)!;
    const current = answerFigures(context.current, key, question.scale);
    const previous = answerFigures(context.previous, key, question.scale);
    const row: Record<string, IndicatorCell> = { label: text(question.label), answers: current.total };
    FACES.forEach((face, index) => (row[`face${face}`] = current.parts[index] ?? { empty: true }));
    row.rate = current.rate;
    row.previousRate = previous.rate;
    return row;
  });
  return {
    id: "satisfaction",
    title: t("indicators.satisfaction.title"),
    criterion: criterion("people-satisfied"),
    columns: [
      { key: "label", label: t("indicators.column.question") },
      { key: "answers", label: t("indicators.satisfaction.answers") },
      ...FACES.map((face) => ({ key: `face${face}`, label: t("indicators.satisfaction.face", { face }) })),
      { key: "rate", label: t("indicators.satisfaction.rate", { period: context.current.span.label }) },
      { key: "previousRate", label: t("indicators.satisfaction.rate", { period: context.previous.span.label }) },
    ],
    rows,
    chart: { kind: "bars", labelKey: "label", valueKeys: ["rate", "previousRate"] },
    note: t("indicators.satisfaction.note"),
  };
}

const OUTCOME_STATUSES = ["accepted", "declined", "proposed"] as const;

function outcomes(context: TableContext): IndicatorTable {
  const { tally } = context.current;
  const dimensions = DIAGNOSTIC_DIMENSIONS.filter(
    (dimension) => tally.value(`outcomes.${dimension}.all`) > 0 || context.previous.tally.value(`outcomes.${dimension}.all`) > 0,
  );
  return {
    id: "outcomes",
    title: t("indicators.outcomes.title"),
    criterion: criterion("obstacles-lifted"),
    columns: [
      { key: "label", label: t("indicators.column.dimension") },
      { key: "all", label: t("indicators.outcomes.all") },
      { key: "accepted", label: t("indicators.outcomes.accepted") },
      { key: "declined", label: t("indicators.outcomes.declined") },
      { key: "proposed", label: t("indicators.outcomes.pending") },
      { key: "previous", label: t("indicators.outcomes.previous", { period: context.previous.span.label }) },
    ],
    rows: dimensions.map((dimension) => {
      const { total, parts } = protectParts(
        tally.people(`outcomes.${dimension}.all`),
        OUTCOME_STATUSES.map((status) => tally.people(`outcomes.${dimension}.${status}`)),
      );
      const row: Record<string, IndicatorCell> = { label: text(t(`dimension.${dimension}` as MessageKey)), all: total };
      OUTCOME_STATUSES.forEach((status, index) => (row[status] = parts[index]!));
      row.previous = context.previous.tally.people(`outcomes.${dimension}.all`);
      return row;
    }),
    chart: { kind: "stacked-bars", labelKey: "label", valueKeys: ["accepted", "declined", "proposed"] },
    note: t("indicators.outcomes.note"),
  };
}

const STEP_STATUSES = ["todo", "doing", "done", "dropped", "none"] as const;

function actionPlan(context: TableContext): IndicatorTable {
  const figures = (snapshot: Snapshot) =>
    protectParts(
      snapshot.tally.people("steps.all"),
      STEP_STATUSES.map((status) => snapshot.tally.people(`steps.${status}`)),
    );
  const current = figures(context.current);
  const previous = figures(context.previous);
  const rows = STEP_STATUSES.map((status, index) => ({
    label: text(t(status === "none" ? "indicators.steps.none" : (`pro.status.${status}` as MessageKey))),
    current: current.parts[index]!,
    previous: previous.parts[index]!,
  }));
  rows.push({ label: text(t("indicators.total")), current: current.total, previous: previous.total });
  return {
    id: "action-plan",
    title: t("indicators.steps.title"),
    criterion: criterion("actions-per-person"),
    columns: periodColumns(context, { key: "label", label: t("indicators.column.status") }),
    rows,
    chart: { kind: "bars", labelKey: "label", valueKeys: ["current", "previous"] },
    note: t("indicators.steps.note"),
  };
}

function exchanges(context: TableContext): IndicatorTable {
  const hosted = countBy(
    context.current.sessions.filter((session) => session.kind === "practice_exchange"),
    (session) => session.structureId,
  );
  const { current } = context;
  return {
    id: "practice-exchanges",
    title: t("indicators.exchanges.title"),
    criterion: criterion("partnership"),
    columns: [
      { key: "label", label: t("indicators.column.structure") },
      { key: "hosted", label: t("indicators.exchanges.hosted") },
      { key: "passes", label: t("indicators.exchanges.passes") },
      { key: "participants", label: t("indicators.exchanges.participants") },
      { key: "cards", label: t("indicators.exchanges.cards") },
    ],
    rows: context.structures.map((structure) => ({
      label: text(structure.name),
      hosted: count(hosted.get(structure.id) ?? 0),
      passes: count(current.passes.get(structure.id) ?? 0),
      participants: peopleCount(current.exchangeParticipants.get(structure.id) ?? 0),
      cards: peopleCount(current.contactCards.get(structure.id) ?? 0),
    })),
    chart: { kind: "bars", labelKey: "label", valueKeys: ["hosted", "participants"] },
    note: t("indicators.exchanges.note"),
  };
}

function territories(context: TableContext): IndicatorTable {
  const { current } = context;
  const territoryOf = (id: string) => context.structures.find((structure) => structure.id === id)?.territory ?? "";
  const names = [...new Set(context.structures.map((structure) => structure.territory ?? ""))].sort((a, b) => a.localeCompare(b, "fr"));
  const sessions = countBy(current.sessions, (session) => territoryOf(session.structureId));
  return {
    id: "territories",
    title: t("indicators.territories.title"),
    criterion: criterion("partnership"),
    columns: [
      { key: "label", label: t("indicators.column.territory") },
      { key: "structures", label: t("indicators.territories.structures") },
      { key: "sessions", label: t("indicators.territories.sessions") },
      { key: "registrations", label: t("indicators.attendance.registrations") },
      { key: "present", label: t("indicators.attendance.present") },
      { key: "rate", label: t("indicators.attendance.rate") },
    ],
    rows: names.map((name) => {
      const [registrations, present, , , , rate] = attendanceFigures(current, `territory.${name}.`);
      return {
        label: text(name || t("indicators.territories.none")),
        structures: count(context.structures.filter((structure) => (structure.territory ?? "") === name).length),
        sessions: count(sessions.get(name) ?? 0),
        registrations: registrations!,
        present: present!,
        rate: rate!,
      };
    }),
    chart: { kind: "bars", labelKey: "label", valueKeys: ["sessions"] },
  };
}

export function buildTables(context: TableContext): IndicatorTable[] {
  const tables = [sessionsByKind(context), sessionsByTemplate(context), participants(context), attendance(context), satisfaction(context)];
  tables.push(outcomes(context));
  if (context.withSteps) tables.push(actionPlan(context));
  if (context.withExchanges) tables.push(exchanges(context));
  if (context.withTerritories) tables.push(territories(context));
  return tables;
}
