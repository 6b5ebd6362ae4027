import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zoneFrameShapeId } from "../board-core/template-layout.js";
import { loader as csvLoader } from "../app/routes/sessions.$sessionId.cards[.]csv.js";
import { action as closeAction, loader as pageLoader } from "../app/routes/sessions.$sessionId.report.js";
import { action as markdownAction, loader as markdownLoader } from "../app/routes/sessions.$sessionId.report[.]md.js";
import { action as pdfAction, loader as pdfLoader } from "../app/routes/sessions.$sessionId.report[.]pdf.js";
import { pdfText } from "./support/pdf-text.js";
import { startBoardServer, type InProcessBoardServer } from "./support/board-server.js";
import { connectFacilitation, type FacilitationConnection } from "./support/facilitation.js";
import {
  createFacilitatorWithSession,
  createTestDatabase,
  professionalCookie,
  participantCookie,
  type TestDatabase,
} from "./support/fixtures.js";
import { answerOf } from "./support/route-answer.js";

// Template "forces-et-reconnaissance": brise-glace (free zone), je-sais-faire (zone "Je sais faire"),
// …, cloture (zone "Ma prochaine étape", on the action_plan dimension).
const FIRST_ZONE = zoneFrameShapeId("brise-glace", "ce-qui-fait-du-bien");
const SKILLS_ZONE = zoneFrameShapeId("je-sais-faire", "savoir-faire");
const NEXT_STEP_ZONE = zoneFrameShapeId("cloture", "prochaine-etape");
const NAMES = ["Zoubida", "Yannick"];

describe("the session report: what the board holds, without saying who wrote what", () => {
  let database: TestDatabase;
  let server: InProcessBoardServer;
  const open: FacilitationConnection[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startBoardServer(database);
  });
  afterAll(async () => {
    for (const connection of open) connection.close();
    await server.close();
    await database.cleanup();
  });

  /** A run session: phone cards, a closed vote, a private brainstorm revealed with names, an open vote. */
  async function runSession() {
    const { db } = database;
    const setup = await createFacilitatorWithSession(db);
    const as = async (cookie: string, phone = false) => {
      const connection = await connectFacilitation(server.wsBase, setup.sessionId, cookie, { phone });
      open.push(connection);
      return connection;
    };
    const cookie = await professionalCookie(db, setup.user.id);
    const facilitator = await as(cookie);
    const zoubida = await as(await participantCookie(db, setup.sessionId, NAMES[0]), true);
    const yannick = await as(await participantCookie(db, setup.sessionId, NAMES[1]), true);

    expect(await zoubida.client.send({ type: "post", text: "Écouter les autres" })).toEqual({ ok: true });
    expect(await yannick.client.send({ type: "post", text: "Cuisiner, une œuvre à plusieurs" })).toEqual({ ok: true });
    expect(await facilitator.client.send({ type: "vote-open", zoneId: FIRST_ZONE, votesPerPerson: 2 })).toEqual({ ok: true });
    await zoubida.until((client) => client.view?.vote?.cards.length === 2);
    const listen = zoubida.client.view!.vote!.cards.find((card) => card.text === "Écouter les autres")!;
    expect(await zoubida.client.send({ type: "vote", cardId: listen.id, change: 1 })).toEqual({ ok: true });
    expect(await yannick.client.send({ type: "vote", cardId: listen.id, change: 1 })).toEqual({ ok: true });
    expect(await facilitator.client.send({ type: "vote-close" })).toEqual({ ok: true });

    // A private brainstorm, revealed with names: the board keeps the author, the report never shows it.
    expect(await facilitator.client.send({ type: "phase", phaseId: "je-sais-faire" })).toEqual({ ok: true });
    expect(await facilitator.client.send({ type: "private-start", zoneId: SKILLS_ZONE, anonymous: false })).toEqual({ ok: true });
    expect(await zoubida.client.send({ type: "post", text: "Réparer un vélo" })).toEqual({ ok: true });
    expect(await facilitator.client.send({ type: "private-reveal" })).toEqual({ ok: true });

    // The last phase: a next step, and a vote left open.
    expect(await facilitator.client.send({ type: "phase", phaseId: "cloture" })).toEqual({ ok: true });
    expect(await yannick.client.send({ type: "post", text: "Appeler la mission locale" })).toEqual({ ok: true });
    expect(await facilitator.client.send({ type: "vote-open", zoneId: NEXT_STEP_ZONE, votesPerPerson: 3 })).toEqual({ ok: true });
    await zoubida.until((client) => client.view?.vote?.cards.length === 1);
    const call = zoubida.client.view!.vote!.cards[0];
    expect(await zoubida.client.send({ type: "vote", cardId: call.id, change: 1 })).toEqual({ ok: true });
    expect(await zoubida.client.send({ type: "vote", cardId: call.id, change: 1 })).toEqual({ ok: true });
    await facilitator.until((client) => client.view?.vote?.counts[call.id] === 2);

    await db.registration.createMany({
      data: [
        { sessionId: setup.sessionId, name: "Inscrite Une", attendance: "present" },
        { sessionId: setup.sessionId, name: "Inscrite Deux", attendance: "present" },
        { sessionId: setup.sessionId, name: "Inscrite Trois", attendance: "excused" },
        { sessionId: setup.sessionId, name: "Inscrite Quatre" },
      ],
    });
    await db.contactCard.create({
      data: {
        userId: setup.user.id,
        structureId: setup.structure.id,
        sessionId: setup.sessionId,
        name: "Nadia Rahmani",
        role: "Conseillère",
        helpWith: "la garde d'enfants",
      },
    });
    const stored = await db.board.findUniqueOrThrow({ where: { sessionId: setup.sessionId }, select: { facilitation: true } });
    expect(JSON.stringify(stored.facilitation)).toContain('"open":true');
    return { ...setup, cookie };
  }

  const args = (sessionId: string, cookie: string, suffix: string, form?: Record<string, string>) => ({
    request: new Request(`http://localhost/sessions/${sessionId}/${suffix}`, {
      headers: { Cookie: cookie },
      ...(form ? { method: "POST", body: new URLSearchParams(form) } : {}),
    }),
    params: { sessionId },
    context: { db: database.db, tldrawLicenseKey: null },
  });

  it("the PDF, the Markdown and the CSV give the cards by zone with their votes, and no name at all", async () => {
    const { sessionId, cookie } = await runSession();

    const pdfResponse = (await pdfAction(
      args(sessionId, cookie, "report.pdf", { decisions: "Prochaine séance en janvier, à la Maison de l'emploi." }),
    )) as Response;
    expect(pdfResponse.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdfResponse.headers.get("Content-Disposition")).toBe('attachment; filename="compte-rendu-atelier-de-test.pdf"');
    const bytes = new Uint8Array(await pdfResponse.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const pdf = await pdfText(bytes);
    for (const expected of [
      "Compte rendu : Atelier de test",
      "Ce qui me fait du bien — étape « Faire connaissance »",
      "Je sais faire — étape « Ce que je sais faire »",
      "Écouter les autres (2 votes)",
      "Cuisiner, une œuvre à plusieurs",
      "Réparer un vélo",
      "Ma prochaine étape : Appeler la mission locale (2 votes)",
      "Un vote est encore ouvert dans la zone « Ma prochaine étape »",
      "Prochaine séance en janvier, à la Maison de l'emploi.",
      "Les cartes ne sont pas signées.",
      "La séance s'est arrêtée à l'étape « Je repars avec ».",
      "Personnes présentes : 2",
      "Personnes excusées : 1",
      "Personnes connectées au tableau : 2",
      "Nadia Rahmani, Conseillère (Structure",
    ]) {
      expect(pdf).toContain(expected);
    }

    const markdown = await downloaded(await markdownLoader(args(sessionId, cookie, "report.md")));
    expect(markdown.type).toBe("text/markdown; charset=utf-8");
    expect(markdown.text).toContain("### Ce qui me fait du bien — étape « Faire connaissance »");
    expect(markdown.text).toContain("- Écouter les autres (2 votes)");
    expect(markdown.text).toContain("- Cuisiner, une œuvre à plusieurs\n");
    expect(markdown.text).toContain("- Réparer un vélo\n");
    expect(markdown.text).not.toContain("## Décisions\n");
    const withDecisions = await downloaded(
      await markdownAction(args(sessionId, cookie, "report.md", { decisions: "On se revoit en janvier." })),
    );
    expect(withDecisions.text).toContain("### Décisions\n\nOn se revoit en janvier.");

    const csv = await downloaded(await csvLoader(args(sessionId, cookie, "cards.csv")));
    expect(csv.type).toBe("text/csv; charset=utf-8");
    expect(csv.disposition).toBe('attachment; filename="cartes-atelier-de-test.csv"');
    // A byte order mark first, so that spreadsheets read the accents as UTF-8 (text() drops it).
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<Record<string, string>>(csv.text, { header: true, skipEmptyLines: true });
    expect(rows.errors).toEqual([]);
    expect(rows.data.map((row) => [row.Zone, row["Étape"], row.Carte, row.Votes]).sort()).toEqual(
      [
        ["Ce qui me fait du bien", "Faire connaissance", "Cuisiner, une œuvre à plusieurs", "0"],
        ["Ce qui me fait du bien", "Faire connaissance", "Écouter les autres", "2"],
        ["Je sais faire", "Ce que je sais faire", "Réparer un vélo", "0"],
        ["Ma prochaine étape", "Je repars avec", "Appeler la mission locale", "2"],
      ].sort(),
    );

    const page = await answerOf(() => pageLoader(args(sessionId, cookie, "report")));
    expect(page.status).toBe(200);
    const pageData = page.body as { boardImage: string; cardCount: number };
    expect(pageData.cardCount).toBe(4);
    expect(decodeURIComponent(pageData.boardImage)).toMatch(/<rect [^>]*fill="#fde68a"[^>]*\/><text [^>]*>Réparer un vélo<\/text>/);

    for (const text of [pdf, markdown.text, withDecisions.text, csv.text, JSON.stringify(page.body)]) {
      for (const name of NAMES) expect(text).not.toContain(name);
    }
  });

  it("a professional of another structure gets a 404 for the page and each download", async () => {
    const { sessionId } = await runSession();
    const other = await createFacilitatorWithSession(database.db);
    const cookie = await professionalCookie(database.db, other.user.id);
    const answers = [
      await answerOf(() => pageLoader(args(sessionId, cookie, "report"))),
      await answerOf(() => pdfLoader(args(sessionId, cookie, "report.pdf"))),
      await answerOf(() => pdfAction(args(sessionId, cookie, "report.pdf", { decisions: "x" }))),
      await answerOf(() => markdownLoader(args(sessionId, cookie, "report.md"))),
      await answerOf(() => markdownAction(args(sessionId, cookie, "report.md", { decisions: "x" }))),
      await answerOf(() => csvLoader(args(sessionId, cookie, "cards.csv"))),
      await answerOf(() => closeAction(args(sessionId, cookie, "report", { decisions: "fermé par un autre" }))),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect(
      await database.db.groupSession.findUniqueOrThrow({ where: { id: sessionId }, select: { closedAt: true, decisions: true } }),
    ).toEqual({
      closedAt: null,
      decisions: null,
    });
  });

  it("closing saves the decisions and the date once; the downloads then carry them", async () => {
    const { sessionId, cookie } = await runSession();
    expect((await answerOf(() => closeAction(args(sessionId, cookie, "report", { decisions: "Se revoir en mars." })))).status).toBe(302);
    const first = await database.db.groupSession.findUniqueOrThrow({ where: { id: sessionId }, select: { closedAt: true } });
    await closeAction(args(sessionId, cookie, "report", { decisions: "Se revoir en avril." }));
    const saved = await database.db.groupSession.findUniqueOrThrow({
      where: { id: sessionId },
      select: { closedAt: true, decisions: true },
    });
    expect(saved).toEqual({ closedAt: first.closedAt, decisions: "Se revoir en avril." });
    const markdown = await (await markdownLoader(args(sessionId, cookie, "report.md"))).text();
    expect(markdown).toContain("Se revoir en avril.");
  });

  it("decisions longer than the form allows are refused with a French message", async () => {
    const { sessionId, cookie } = await runSession();
    const refused = await pdfAction(args(sessionId, cookie, "report.pdf", { decisions: "x".repeat(4001) })).catch(
      (thrown: Response) => thrown,
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe("Les décisions dépassent 4 000 caractères : raccourcissez-les.");
  });
});

/** A download's text and headers. */
async function downloaded(response: Response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    type: response.headers.get("Content-Type"),
    disposition: response.headers.get("Content-Disposition"),
    bytes,
    text: new TextDecoder().decode(bytes),
  };
}
