import { hashPassword } from "../app/auth/auth.server.js";
import { professionalViewer } from "../app/diagnostic/access.server.js";
import { addEntry } from "../app/diagnostic/diagnostic.server.js";
import { createSession } from "../app/sessions/sessions.server.js";
import type { NewSessionInput } from "../app/sessions/sessions.schema.js";
import { createDb, type Db } from "./db.js";
import { parseEnv } from "../server/env.js";

/**
 * Demo data, safe to run on every start: one structure, one facilitator, one session of
 * each kind, one accompanied person with a diagnostic begun, and a partner structure with its
 * own professional (who sees nothing of that person until she shares). Existing rows are left
 * as they are (a changed password is not reset).
 */
export const DEMO = {
  structureId: "demo-structure",
  email: "animatrice@demo.atelier-commun.fr",
  password: "atelier-demo-2026",
  displayName: "Camille Martin",
  personId: "demo-personne",
  partner: {
    structureId: "demo-partenaire",
    email: "conseiller@demo-partenaire.atelier-commun.fr",
    displayName: "Karim Benali",
  },
} as const;

/**
 * A day counted from the first seeding (YYYY-MM-DD): the demo sessions lie ahead, so their codes take
 * people in; a session long past takes nobody (docs/decisions/007).
 */
function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const DEMO_SESSIONS: { id: string; joinCode: string; input: Omit<NewSessionInput, "structureId"> }[] = [
  {
    id: "demo-information",
    joinCode: "ACC2EU",
    input: {
      kind: "information_session",
      title: "Information collective : bien démarrer son accompagnement",
      date: daysFromToday(8),
      time: "09:30",
      online: false,
      place: "Maison de l'emploi, salle 2",
      templateId: "information-avant-diagnostic",
    },
  },
  {
    id: "demo-pairs",
    joinCode: "PAR7AG",
    input: {
      kind: "peer_workshop",
      title: "Atelier entre pairs : mes forces",
      date: daysFromToday(10),
      time: "14:00",
      online: false,
      place: "Centre social des Tilleuls",
      templateId: "forces-et-reconnaissance",
    },
  },
  {
    id: "demo-echange",
    joinCode: "ECH3NG",
    input: {
      kind: "practice_exchange",
      title: "Échange de pratiques : l'accueil des nouveaux arrivants",
      date: daysFromToday(15),
      time: "10:00",
      online: true,
      place: "",
      templateId: "echange-pratiques-thematique",
    },
  },
];

export async function seedDemo(db: Db): Promise<void> {
  await db.structure.upsert({
    where: { id: DEMO.structureId },
    update: {},
    create: { id: DEMO.structureId, name: "Structure de démonstration", kind: "departement", territory: "Seine-Saint-Denis" },
  });
  const user = await db.user.upsert({
    where: { email: DEMO.email },
    update: {},
    create: { email: DEMO.email, displayName: DEMO.displayName, passwordHash: await hashPassword(DEMO.password) },
  });
  await db.membership.upsert({
    where: { userId_structureId: { userId: user.id, structureId: DEMO.structureId } },
    update: {},
    create: { userId: user.id, structureId: DEMO.structureId, role: "admin" },
  });
  await seedDemoPeople(db, user.id);
  for (const demo of DEMO_SESSIONS) {
    if (await db.groupSession.findUnique({ where: { id: demo.id }, select: { id: true } })) continue;
    const result = await createSession(
      db,
      user.id,
      { ...demo.input, structureId: DEMO.structureId },
      { sessionId: demo.id, joinCode: demo.joinCode },
    );
    if (!result.ok) throw new Error(`demo session ${demo.id}: ${JSON.stringify(result.errors)}`);
  }
}

async function seedDemoPeople(db: Db, facilitatorId: string): Promise<void> {
  await db.structure.upsert({
    where: { id: DEMO.partner.structureId },
    update: {},
    create: { id: DEMO.partner.structureId, name: "Mission locale (démonstration)", kind: "association", territory: "Seine-Saint-Denis" },
  });
  const partner = await db.user.upsert({
    where: { email: DEMO.partner.email },
    update: {},
    create: { email: DEMO.partner.email, displayName: DEMO.partner.displayName, passwordHash: await hashPassword(DEMO.password) },
  });
  await db.membership.upsert({
    where: { userId_structureId: { userId: partner.id, structureId: DEMO.partner.structureId } },
    update: {},
    create: { userId: partner.id, structureId: DEMO.partner.structureId, role: "facilitator" },
  });
  if (await db.person.findUnique({ where: { id: DEMO.personId }, select: { id: true } })) return;
  await db.person.create({
    data: { id: DEMO.personId, structureId: DEMO.structureId, displayName: "Awa (démonstration)", createdById: facilitatorId },
  });
  const viewer = await professionalViewer(db, facilitatorId);
  await addEntry(db, viewer, DEMO.personId, { dimension: "skills", kind: "strength", text: "Sait accueillir et rassurer le public" });
  await addEntry(db, viewer, DEMO.personId, { dimension: "mobility", kind: "obstacle", text: "Pas de permis, trajets longs en bus" });
  await addEntry(db, viewer, DEMO.personId, {
    dimension: "action_plan",
    kind: "action",
    text: "S'inscrire au code de la route",
    who: "Awa",
    status: "todo",
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const db = createDb(parseEnv().DATABASE_URL);
  await seedDemo(db);
  await db.$disconnect();
  console.log(`Données de démonstration prêtes (${DEMO.email} / ${DEMO.password}).`);
}
