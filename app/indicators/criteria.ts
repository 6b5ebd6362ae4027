// The criteria of the SIAE quality grid (../shared/seeds/002, "C'est quoi un parcours socio
// professionnel de qualité ?") that the indicators serve. Ids are stable: exports and the annual
// summary are organised along them.
import { t, type MessageKey } from "../i18n/index.js";

export const QUALITY_CRITERIA = {
  "collective-times": "indicators.criterion.collectiveTimes",
  "people-satisfied": "indicators.criterion.peopleSatisfied",
  "obstacles-lifted": "indicators.criterion.obstaclesLifted",
  "actions-per-person": "indicators.criterion.actionsPerPerson",
  partnership: "indicators.criterion.partnership",
} as const satisfies Record<string, MessageKey>;

export type QualityCriterion = keyof typeof QUALITY_CRITERIA;

export function criterion(id: QualityCriterion): { id: string; label: string } {
  return { id, label: t(QUALITY_CRITERIA[id]) };
}
