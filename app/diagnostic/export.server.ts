// What the person can take with them: everything stored about them, as one JSON document (or a page
// to print), including what the sessions hold about her (app/privacy/person-footprint.server.ts).
// Only the person's own rows are read (personId in every `where`). Her erasure is
// app/privacy/erase-person.server.ts, which reaches the same things.
import type { Db } from "../../prisma/db.js";
import { diagnosticHistory, readDiagnostic } from "./diagnostic.server.js";
import { auditLogFor, listGrants } from "./grants.server.js";
import { listProposals } from "./outcomes.server.js";
import { personFootprint } from "../privacy/person-footprint.server.js";
import { sharesForExport } from "../documents/shares.server.js";
import { waysInForExport } from "../space/devices.server.js";

/** The diagnostic's changes, newest first, with the names of the professionals and structures behind them. */
export async function personHistory(db: Db, personId: string) {
  const versions = await diagnosticHistory(db, { kind: "person", personId }, personId);
  const userIds = [...new Set(versions.flatMap((version) => (version.actorUserId ? [version.actorUserId] : [])))];
  const orgIds = [...new Set(versions.flatMap((version) => (version.actorOrgId ? [version.actorOrgId] : [])))];
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } });
  const orgs = await db.structure.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } });
  const userName = new Map(users.map((user) => [user.id, user.displayName]));
  const orgName = new Map(orgs.map((org) => [org.id, org.name]));
  return versions.map((version) => ({
    id: version.id,
    action: version.action,
    createdAt: version.createdAt,
    byPerson: version.byPerson,
    who: version.actorUserId ? (userName.get(version.actorUserId) ?? "") : "",
    structure: version.actorOrgId ? (orgName.get(version.actorOrgId) ?? "") : "",
    before: version.before,
    after: version.after,
  }));
}

/** Everything about the person, ready for JSON: file bytes as base64. */
export async function exportPersonData(db: Db, personId: string) {
  const person = await db.person.findUniqueOrThrow({
    where: { id: personId },
    select: { id: true, displayName: true, email: true, phone: true, createdAt: true, structure: { select: { name: true } } },
  });
  const diagnostic = await readDiagnostic(db, { kind: "person", personId }, personId);
  const documents = await db.personDocument.findMany({
    where: { personId },
    orderBy: { createdAt: "asc" },
    select: { id: true, kind: true, title: true, url: true, fileName: true, mimeType: true, size: true, content: true, createdAt: true },
  });
  const footprint = await personFootprint(db, personId);
  return {
    exportedAt: new Date().toISOString(),
    person: { ...person, structure: person.structure.name },
    diagnostic: { summary: diagnostic.summary, entries: diagnostic.entries },
    history: await personHistory(db, personId),
    grants: await listGrants(db, personId),
    auditLog: await auditLogFor(db, personId),
    proposals: await listProposals(db, personId),
    documents: documents.map(({ content, ...document }) => ({
      ...document,
      contentBase64: content ? Buffer.from(content).toString("base64") : null,
    })),
    // To whom she showed which document, until when, and each opening.
    documentShares: await sharesForExport(db, personId),
    participations: footprint?.participations ?? [],
    registrations: footprint?.registrations ?? [],
    messages: footprint?.messages ?? [],
    appointments: footprint?.appointments ?? [],
    // Her passkeys' names and dates and the devices she signed in from (app/space/).
    waysIn: await waysInForExport(db, personId),
  };
}

export type PersonExport = Awaited<ReturnType<typeof exportPersonData>>;
