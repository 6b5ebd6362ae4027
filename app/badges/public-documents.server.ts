// The documents a credential names, served to anyone: the issuer (controller document listing the
// keys it signs with, retired ones too) and each public key. Stable addresses (app/badges/urls.ts).
import type { Db } from "../../prisma/db.js";
import { controllerDocument, verificationMethod } from "./keys.server.js";
import { achievementUrl } from "./urls.js";
import { CREDENTIALS_CONTEXT_V2, OPEN_BADGES_CONTEXT } from "./credential.server.js";

const JSON_LD = {
  "Content-Type": "application/ld+json; charset=utf-8",
  "Cache-Control": "public, max-age=300",
  "Access-Control-Allow-Origin": "*",
};

const notFound = () => Response.json({ error: "not found" }, { status: 404 });

export async function issuerDocument(db: Db, origin: string, structureId: string) {
  const structure = await db.structure.findUnique({ where: { id: structureId }, select: { id: true } });
  if (!structure) return notFound();
  return new Response(JSON.stringify(await controllerDocument(db, origin, structure.id)), { headers: JSON_LD });
}

export async function keyDocument(db: Db, origin: string, keyId: string) {
  const method = await verificationMethod(db, origin, keyId);
  if (!method) return notFound();
  return new Response(JSON.stringify(method.document), { headers: JSON_LD });
}

/** The Achievement as issued: what the badge says and what earns it. */
export async function achievementDocument(db: Db, origin: string, badgeClassId: string) {
  const badge = await db.badgeClass.findUnique({
    where: { id: badgeClassId },
    select: { id: true, name: true, description: true, criteria: true },
  });
  if (!badge) return notFound();
  const achievement = {
    "@context": [CREDENTIALS_CONTEXT_V2, OPEN_BADGES_CONTEXT],
    id: achievementUrl(origin, badge.id),
    type: ["Achievement"],
    name: badge.name,
    description: badge.description,
    criteria: { narrative: badge.criteria },
  };
  return new Response(JSON.stringify(achievement), { headers: JSON_LD });
}
