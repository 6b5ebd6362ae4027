import { t, type MessageKey } from "~/i18n";
import { MEMBER_ROLES, type MemberRole } from "~/structures/roles";

/** What a structure can be; shared by the forms (browser) and app/structures/structures.server.ts. */
export const STRUCTURE_KINDS = ["departement", "france_travail", "caf", "plie", "association", "siae", "other"] as const;
export type StructureKind = (typeof STRUCTURE_KINDS)[number];
export { MEMBER_ROLES, type MemberRole };

const KIND_KEYS: Record<string, MessageKey> = {
  departement: "structures.kind.departement",
  france_travail: "structures.kind.france_travail",
  caf: "structures.kind.caf",
  plie: "structures.kind.plie",
  association: "structures.kind.association",
  siae: "structures.kind.siae",
  other: "structures.kind.other",
};

const ROLE_KEYS: Record<string, MessageKey> = {
  admin: "structures.role.admin",
  facilitator: "structures.role.facilitator",
  member: "structures.role.member",
};

/** "departement" → "Département"; an unknown value reads as "Autre". */
export function structureKindLabel(kind: string): string {
  return t(KIND_KEYS[kind] ?? "structures.kind.other");
}

export function roleLabel(role: string): string {
  return t(ROLE_KEYS[role] ?? "structures.role.member");
}

export const kindOptions = () => STRUCTURE_KINDS.map((value) => ({ value, label: structureKindLabel(value) }));
export const roleOptions = () => MEMBER_ROLES.map((value) => ({ value, label: roleLabel(value) }));
