import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken, signInPerson } from "../app/auth/auth.server.js";
import { professionalViewer } from "../app/diagnostic/access.server.js";
import { exportPersonData } from "../app/diagnostic/export.server.js";
import { grantAccess } from "../app/diagnostic/grants.server.js";
import {
  createShareLink,
  openByToken,
  openForViewer,
  revokeShare,
  shareByToken,
  shareWithStructure,
  shareableStructures,
  sharedWithViewer,
} from "../app/documents/shares.server.js";
import { t } from "../app/i18n/index.js";
import { addCalendarDays } from "../app/diagnostic/grant-limits.js";
import { erasePerson } from "../app/privacy/erase-person.server.js";
import { personJournal, structureAccessLog } from "../app/privacy/access-log.server.js";
import { parisCalendarDay, todayInParis } from "../app/lib/paris-dates.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { freePort, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";

/** The one referrer policy of an answer (the route's replaces the server's default, never beside it). */
function effectiveReferrerPolicy(response: Response): string | undefined {
  const value = response.headers.get("referrer-policy") ?? undefined;
  expect(value?.split(",")).toHaveLength(1);
  return value;
}

const PDF = new Uint8Array(Buffer.from("%PDF-1.4\n% CV d'Awa\n%%EOF\n"));
const DAY = 86_400_000;

let database: TestDatabase;
let db: TestDatabase["db"];

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.cleanup();
});

/** Awa, accompanied by a structure, with a CV; a partner structure she granted; a structure she never met. */
async function world() {
  const referent = await createFacilitatorWithSession(db);
  const partner = await createFacilitatorWithSession(db);
  const stranger = await createFacilitatorWithSession(db);
  const person = await db.person.create({ data: { structureId: referent.structure.id, displayName: "Awa" } });
  await grantAccess(db, person.id, { structureId: partner.structure.id, dimensions: [], until: addCalendarDays(todayInParis(), 10) });
  const cv = await db.personDocument.create({
    data: {
      personId: person.id,
      kind: "cv",
      title: "Mon CV",
      fileName: "cv.pdf",
      mimeType: "application/pdf",
      size: PDF.byteLength,
      content: PDF,
    },
  });
  const other = await db.personDocument.create({
    data: { personId: person.id, kind: "certificate", title: "Attestation", url: "https://exemple.fr/attestation" },
  });
  const bilal = await db.person.create({ data: { structureId: referent.structure.id, displayName: "Bilal" } });
  const bilalsCv = await db.personDocument.create({
    data: { personId: bilal.id, kind: "cv", title: "CV de Bilal", fileName: "cv.pdf", mimeType: "application/pdf", size: 4, content: PDF },
  });
  const viewerOf = (user: { id: string }) => professionalViewer(db, user.id);
  return { referent, partner, stranger, person, cv, other, bilal, bilalsCv, viewerOf };
}

describe("showing a document: the rules, in the domain", () => {
  it("offers only her referent structure and the structures she granted, and refuses any other, a past day or one too far", async () => {
    const w = await world();
    const choices = await shareableStructures(db, w.person.id);
    expect(choices.map((choice) => choice.id)).toEqual([w.referent.structure.id, w.partner.structure.id]);
    const today = todayInParis();
    const to = (structureId: string, until: string) =>
      shareWithStructure(db, w.person.id, { documentId: w.cv.id, structureId, until }, today);
    expect(await to(w.stranger.structure.id, today)).toEqual({ ok: false, errors: { structureId: "documents.share.error.structure" } });
    expect(await to(w.partner.structure.id, addCalendarDays(today, -1))).toEqual({
      ok: false,
      errors: { until: "documents.share.error.until" },
    });
    expect(await to(w.partner.structure.id, addCalendarDays(today, 366))).toEqual({
      ok: false,
      errors: { until: "documents.share.error.tooLong" },
    });
    expect(await to(w.partner.structure.id, "2026-02-30")).toMatchObject({ ok: false });
    // Someone else's document: as if it did not exist.
    expect(
      await shareWithStructure(db, w.person.id, { documentId: w.bilalsCv.id, structureId: w.referent.structure.id, until: today }, today),
    ).toEqual({
      ok: false,
      notFound: true,
    });
    expect(await createShareLink(db, w.person.id, w.bilalsCv.id, 7)).toBeNull();
    await expect(createShareLink(db, w.person.id, w.cv.id, 365 as 30)).rejects.toThrow(RangeError);
    expect(await db.documentShare.count({ where: { personId: w.person.id } })).toBe(0);
  });

  it("a structure share lasts to the end of the chosen Paris day, across the October daylight-saving change", async () => {
    const w = await world();
    const now = new Date("2026-10-20T10:00:00Z");
    expect(
      await shareWithStructure(
        db,
        w.person.id,
        { documentId: w.cv.id, structureId: w.referent.structure.id, until: "2026-10-25" },
        "2026-10-20",
        now,
      ),
    ).toEqual({ ok: true });
    const share = await db.documentShare.findFirstOrThrow({ where: { personId: w.person.id } });
    // 25 October 2026 is 25 hours long in Paris; it ends at 23:59:59.999 winter time (UTC+1).
    expect(share.expiresAt.toISOString()).toBe("2026-10-25T22:59:59.999Z");
    expect(parisCalendarDay(share.expiresAt)).toBe("2026-10-25");
    const viewer = await w.viewerOf(w.referent.user);
    expect((await openForViewer(db, viewer, w.person.id, share.id, new Date("2026-10-25T22:59:59.000Z"))).status).toBe("ok");
    expect((await openForViewer(db, viewer, w.person.id, share.id, new Date("2026-10-25T23:00:00.000Z"))).status).toBe("gone");
  });

  it("a link opens while valid, then answers 'gone' past its end or once revoked, at once", async () => {
    const w = await world();
    const now = new Date();
    const link = (await createShareLink(db, w.person.id, w.cv.id, 7, now))!;
    expect(link.expiresAt.getTime() - now.getTime()).toBe(7 * DAY);
    const stored = await db.documentShare.findFirstOrThrow({ where: { personId: w.person.id } });
    // Only the hash is kept.
    expect(stored.tokenHash).toBe(hashToken(link.token));
    expect(JSON.stringify(stored)).not.toContain(link.token);
    const opened = await openByToken(db, link.token);
    expect(opened.status).toBe("ok");
    expect(opened.status === "ok" && Buffer.from(opened.content!)).toEqual(Buffer.from(PDF));
    // One millisecond past its end: gone.
    expect((await shareByToken(db, link.token, new Date(link.expiresAt.getTime() + 1))).status).toBe("gone");
    expect((await shareByToken(db, link.token, new Date(link.expiresAt.getTime() - 1))).status).toBe("ok");
    // Revoked: the very next request is refused.
    expect(await revokeShare(db, w.person.id, stored.id)).toBe(true);
    expect((await openByToken(db, link.token)).status).toBe("gone");
    // Revoked twice, or by someone else: nothing to revoke.
    expect(await revokeShare(db, w.person.id, stored.id)).toBe(false);
    const again = (await createShareLink(db, w.person.id, w.cv.id, 1))!;
    const againId = (await db.documentShare.findUniqueOrThrow({ where: { tokenHash: hashToken(again.token) } })).id;
    expect(await revokeShare(db, w.bilal.id, againId)).toBe(false);
    expect((await shareByToken(db, again.token)).status).toBe("ok");
  });

  it("refuses guessed, short, altered and re-encoded tokens, and a link to another document never opens this one", async () => {
    const w = await world();
    const link = (await createShareLink(db, w.person.id, w.cv.id, 7))!;
    const bilals = (await createShareLink(db, w.bilal.id, w.bilalsCv.id, 7))!;
    const flip = (token: string) => token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (const token of [
      "",
      "abc",
      link.token.slice(0, 20),
      flip(link.token),
      `${link.token}A`,
      link.token.toUpperCase() === link.token ? link.token.toLowerCase() : link.token.toUpperCase(),
      encodeURIComponent(`${link.token}/`),
      hashToken(link.token),
      "A".repeat(43),
    ]) {
      expect((await openByToken(db, token)).status, token).toBe("notFound");
    }
    const opened = await openByToken(db, bilals.token);
    expect(opened.status === "ok" && opened.share.document.id).toBe(w.bilalsCv.id);
    expect(opened.status === "ok" && opened.share.personId).toBe(w.bilal.id);
  });

  it("a structure share opens for the structure's members only, while it lasts; each opening is in her journal and traced as a read", async () => {
    const w = await world();
    const today = todayInParis();
    await shareWithStructure(db, w.person.id, { documentId: w.cv.id, structureId: w.partner.structure.id, until: today }, today);
    const share = await db.documentShare.findFirstOrThrow({ where: { personId: w.person.id } });
    const partner = await w.viewerOf(w.partner.user);
    const referent = await w.viewerOf(w.referent.user);
    const stranger = await w.viewerOf(w.stranger.user);

    expect((await sharedWithViewer(db, partner, w.person.id)).map((shared) => shared.document.title)).toEqual(["Mon CV"]);
    // Her referent structure was not given this document; a structure she never met sees nothing.
    expect(await sharedWithViewer(db, referent, w.person.id)).toEqual([]);
    expect(await sharedWithViewer(db, stranger, w.person.id)).toEqual([]);
    expect((await openForViewer(db, referent, w.person.id, share.id)).status).toBe("notFound");
    expect((await openForViewer(db, stranger, w.person.id, share.id)).status).toBe("notFound");
    // The share's id under another person's page: not found.
    expect((await openForViewer(db, partner, w.bilal.id, share.id)).status).toBe("notFound");
    // A person's own viewer is no professional.
    expect((await openForViewer(db, { kind: "person", personId: w.person.id }, w.person.id, share.id)).status).toBe("notFound");
    expect(await db.documentShareOpen.count({ where: { personId: w.person.id } })).toBe(0);

    const opened = await openForViewer(db, partner, w.person.id, share.id);
    expect(opened.status === "ok" && Buffer.from(opened.share.document.content!)).toEqual(Buffer.from(PDF));
    const link = (await createShareLink(db, w.person.id, w.other.id, 1))!;
    await openByToken(db, link.token);

    const journal = await personJournal(db, w.person.id);
    const documents = journal.filter((entry) => entry.kind === "document");
    expect(documents).toHaveLength(2);
    expect(documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ who: w.partner.user.displayName, structure: w.partner.structure.name, title: "Mon CV" }),
        expect.objectContaining({ who: null, structure: null, title: "Attestation" }),
      ]),
    );
    // The professional's read is traced once, for the partner structure, and not shown twice in her journal.
    expect(
      await db.readTrace.findMany({ where: { personId: w.person.id }, select: { what: true, structureId: true, actorUserId: true } }),
    ).toEqual([{ what: "person.document", structureId: w.partner.structure.id, actorUserId: w.partner.user.id }]);
    expect(journal.filter((entry) => entry.kind === "session")).toEqual([]);
    const log = await structureAccessLog(db, w.partner.structure.id, null);
    expect(log.entries).toEqual([expect.objectContaining({ what: "person.document", person: "Awa", who: w.partner.user.displayName })]);

    // Revoked: refused on the next request, and gone from the professional's list.
    await revokeShare(db, w.person.id, share.id);
    expect((await openForViewer(db, partner, w.person.id, share.id)).status).toBe("gone");
    expect(await sharedWithViewer(db, partner, w.person.id)).toEqual([]);
  });

  it("her export lists her shares and their openings; erasure takes shares and openings with her, and her links open nothing after", async () => {
    const w = await world();
    const today = todayInParis();
    await shareWithStructure(db, w.person.id, { documentId: w.cv.id, structureId: w.referent.structure.id, until: today }, today);
    const link = (await createShareLink(db, w.person.id, w.cv.id, 30))!;
    await openByToken(db, link.token);
    const exported = await exportPersonData(db, w.person.id);
    expect(exported.documentShares).toEqual([
      expect.objectContaining({ document: "Mon CV", to: w.referent.structure.name, revokedAt: null, openings: [] }),
      expect.objectContaining({ document: "Mon CV", to: "link", openings: [expect.objectContaining({ who: null })] }),
    ]);
    expect(JSON.stringify(exported)).not.toContain(hashToken(link.token));

    const share = await db.documentShare.findFirstOrThrow({ where: { personId: w.person.id, structureId: w.referent.structure.id } });
    await erasePerson({ db }, w.person.id, new Date());
    expect(await db.documentShare.count({ where: { personId: w.person.id } })).toBe(0);
    expect(await db.documentShareOpen.count({ where: { personId: w.person.id } })).toBe(0);
    expect((await openByToken(db, link.token)).status).toBe("notFound");
    expect((await openForViewer(db, await w.viewerOf(w.referent.user), w.person.id, share.id)).status).toBe("notFound");
  });

  it("deleting a document ends its shares with it", async () => {
    const w = await world();
    const link = (await createShareLink(db, w.person.id, w.cv.id, 7))!;
    await db.personDocument.delete({ where: { id: w.cv.id } });
    expect((await openByToken(db, link.token)).status).toBe("notFound");
  });
});

describe("showing a document, over HTTP", () => {
  let server: ServerProcess;
  let base: string;
  let w: Awaited<ReturnType<typeof world>>;
  let her: string;
  let bilal: string;
  const pros = new Map<"referent" | "partner" | "stranger", string>();

  beforeAll(async () => {
    w = await world();
    her = (await signInPerson(db, new Request("http://localhost/"), w.person.id)).split(";")[0];
    bilal = (await signInPerson(db, new Request("http://localhost/"), w.bilal.id)).split(";")[0];
    pros.set("referent", await professionalCookie(db, w.referent.user.id));
    pros.set("partner", await professionalCookie(db, w.partner.user.id));
    pros.set("stranger", await professionalCookie(db, w.stranger.user.id));
    const port = await freePort();
    server = await startServerProcess({ DATABASE_URL: database.url, PORT: String(port) });
    base = `http://localhost:${port}`;
  });
  afterAll(async () => {
    if (server) await stopGracefully(server);
  });

  const post = (cookie: string, form: Record<string, string>) =>
    fetch(`${base}/espace/documents`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: base },
      body: new URLSearchParams(form),
    });
  const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });

  it("she creates a link from her page; anyone opens it with safe headers; revoked, it says so on the next request", async () => {
    const refused = await post(her, { intent: "shareLink", documentId: w.cv.id, days: "365" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(t("documents.share.error.days").replace(/'/g, "&#x27;"));
    expect((await post(bilal, { intent: "shareLink", documentId: w.cv.id, days: "7" })).status).toBe(404);
    const created = await post(her, { intent: "shareLink", documentId: w.cv.id, days: "7" });
    expect(created.status).toBe(200);
    // The link is shown once, in the answer to her post; its token is the only way in.
    const token = /\/d\/([A-Za-z0-9_-]{43})/.exec(await created.text())![1]!;
    expect((await get("/espace/documents", her).then((answer) => answer.text())).includes(token)).toBe(false);

    const page = await get(`/d/${token}`);
    expect(page.status).toBe(200);
    expect(effectiveReferrerPolicy(page)).toBe("no-referrer");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain("Mon CV");
    expect(html).toContain('name="referrer" content="no-referrer"');
    // Seeing the page (a chat app's preview) is no opening.
    expect(await db.documentShareOpen.count({ where: { personId: w.person.id } })).toBe(0);

    const file = await get(`/d/${token}/fichier`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="cv.pdf"/);
    // The server's default and the download's own: the same single value.
    expect(new Set(file.headers.get("x-content-type-options")?.split(", "))).toEqual(new Set(["nosniff"]));
    expect(effectiveReferrerPolicy(file)).toBe("no-referrer");
    expect(file.headers.get("cache-control")).toBe("no-store");
    expect(Buffer.from(await file.arrayBuffer())).toEqual(Buffer.from(PDF));
    expect(await db.documentShareOpen.count({ where: { personId: w.person.id } })).toBe(1);

    const tokenShare = await db.documentShare.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect((await post(bilal, { intent: "revokeShare", shareId: tokenShare.id })).status).toBe(404);
    expect((await post(her, { intent: "revokeShare", shareId: tokenShare.id })).status).toBe(200);
    const gone = await get(`/d/${token}`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain(t("documents.public.gone.title").replace(/'/g, "&#x27;"));
    const goneFile = await get(`/d/${token}/fichier`);
    expect(goneFile.status).toBe(410);
    expect(await goneFile.text()).toBe(t("documents.public.gone"));
    expect(await db.documentShareOpen.count({ where: { personId: w.person.id } })).toBe(1);
  });

  it("a badge is shared like any document: its credential downloads as a .json file, and the page links to its public verification", async () => {
    const badgeClass = await db.badgeClass.create({
      data: { structureId: w.referent.structure.id, name: "Pair-aidante", description: "A aidé le groupe", criteria: "Avoir aidé" },
    });
    const award = await db.badgeAward.create({
      data: {
        badgeClassId: badgeClass.id,
        structureId: w.referent.structure.id,
        personId: w.person.id,
        awardedById: w.referent.user.id,
        status: "accepted",
      },
    });
    const credential = Buffer.from(
      JSON.stringify({ "@context": ["https://www.w3.org/ns/credentials/v2"], type: ["VerifiableCredential"] }),
    );
    const badge = await db.personDocument.create({
      data: {
        personId: w.person.id,
        badgeAwardId: award.id,
        kind: "badge",
        title: "Pair-aidante",
        fileName: "pair-aidante.json",
        mimeType: "application/ld+json",
        size: credential.byteLength,
        content: new Uint8Array(credential),
      },
    });
    const link = (await createShareLink(db, w.person.id, badge.id, 1))!;
    const page = await get(`/d/${link.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`href="/badges/verifier/${award.id}"`);
    const file = await get(`/d/${link.token}/fichier`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/ld+json");
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="pair-aidante.json"/);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(credential);
  });

  it("a document that is an address on another site is written out, never a redirect from our domain", async () => {
    const link = (await createShareLink(db, w.person.id, w.other.id, 1))!;
    const file = await get(`/d/${link.token}/fichier`);
    expect(file.status).toBe(200);
    expect(file.headers.get("location")).toBeNull();
    expect(file.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await file.text()).toBe(t("documents.public.elsewhere", { url: "https://exemple.fr/attestation" }));
  });

  it("an expired link and unknown tokens answer with a French page", async () => {
    const link = (await createShareLink(db, w.person.id, w.cv.id, 1))!;
    await db.documentShare.update({ where: { tokenHash: hashToken(link.token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await get(`/d/${link.token}/fichier`);
    expect(expired.status).toBe(410);
    expect((await get(`/d/${link.token}`)).status).toBe(410);
    for (const token of ["x", link.token.slice(1), `${link.token.slice(0, -1)}%2F`, "%00", hashToken(link.token)]) {
      const page = await get(`/d/${token}`);
      expect(page.status, token).toBe(404);
      expect(await page.text()).toContain(t("documents.public.notFound.title"));
      expect((await get(`/d/${token}/fichier`)).status, token).toBe(404);
    }
  });

  it("the structure's professional sees and opens it on her page; another structure, or after revocation, cannot", async () => {
    const today = todayInParis();
    expect(
      (await post(her, { intent: "shareStructure", documentId: w.cv.id, structureId: w.stranger.structure.id, until: today })).status,
    ).toBe(400);
    expect(
      (await post(her, { intent: "shareStructure", documentId: w.cv.id, structureId: w.referent.structure.id, until: today })).status,
    ).toBe(200);
    const share = await db.documentShare.findFirstOrThrow({ where: { personId: w.person.id, structureId: w.referent.structure.id } });
    const page = await get(`/people/${w.person.id}`, pros.get("referent"));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`/people/${w.person.id}/documents/${share.id}`);
    const file = await get(`/people/${w.person.id}/documents/${share.id}`, pros.get("referent"));
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(Buffer.from(PDF));
    // A member of another structure (even one she granted her diagnostic), someone signed out, a guessed path.
    expect((await get(`/people/${w.person.id}/documents/${share.id}`, pros.get("partner"))).status).toBe(404);
    expect((await get(`/people/${w.person.id}/documents/${share.id}`, pros.get("stranger"))).status).toBe(404);
    expect((await get(`/people/${w.bilal.id}/documents/${share.id}`, pros.get("referent"))).status).toBe(404);
    expect((await get(`/people/${w.person.id}/documents/${share.id}`)).status).toBe(302);
    expect(await db.readTrace.count({ where: { personId: w.person.id, what: "person.document", actorUserId: w.referent.user.id } })).toBe(
      1,
    );

    await post(her, { intent: "revokeShare", shareId: share.id });
    const gone = await get(`/people/${w.person.id}/documents/${share.id}`, pros.get("referent"));
    expect(gone.status).toBe(410);
    expect(await gone.text()).toBe(t("documents.pro.gone"));
    expect(await (await get(`/people/${w.person.id}`, pros.get("referent"))).text()).not.toContain(`/documents/${share.id}`);

    const journal = await get("/espace/journal", her);
    const text = (await journal.text()).replace(/&#x27;/g, "'");
    expect(text).toContain(
      t("documents.journal.opened", { who: w.referent.user.displayName, structure: w.referent.structure.name, title: "Mon CV" }),
    );
    expect(text).toContain(t("documents.journal.openedByLink", { title: "Mon CV" }));
  });
});
