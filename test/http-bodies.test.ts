// What a request body may be, tried as an attacker would against the real server: bodies too large
// are refused before they are read, bodies of unknown length are refused, and bodies that cannot be
// read as the form they claim to be are told so in French — never a 500, never a stack trace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInPerson } from "../app/auth/auth.server.js";
import { attachmentHeader } from "../app/diagnostic/documents.server.js";
import { MAX_UPLOAD_REQUEST_BYTES } from "../app/diagnostic/documents.server.js";
import { createFacilitatorWithSession, createTestDatabase, professionalCookie, type TestDatabase } from "./support/fixtures.js";
import { rawRequest } from "./support/raw-http.js";
import { freePort, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";

const UNREADABLE = "Ce formulaire n'a pas pu être lu";
const NO_STACK = /\n\s+at |node_modules|\.ts:\d+/;

describe("request bodies", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let port: number;
  let base: string;
  let personCookie: string;
  let personId: string;
  let proCookie: string;
  let sessionId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const pro = await createFacilitatorWithSession(database.db);
    proCookie = await professionalCookie(database.db, pro.user.id);
    sessionId = pro.sessionId;
    personId = (await database.db.person.create({ data: { structureId: pro.structure.id, displayName: "Awa" } })).id;
    personCookie = (await signInPerson(database.db, new Request("http://localhost/"), personId)).split(";")[0]!;
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await startServerProcess({ DATABASE_URL: database.url, PORT: String(port) });
  }, 60_000);
  afterAll(async () => {
    await stopGracefully(server);
    await database.cleanup();
  });

  describe("a body larger than its route allows is refused before it is read", () => {
    const announced: [string, number, string][] = [
      ["/login", 10_000_000, ""],
      ["/login.data", 70_000, ""],
      ["/logout", 2 ** 40, ""],
      ["/espace/connexion", 65_537, ""],
      ["/espace/documents", MAX_UPLOAD_REQUEST_BYTES + 1, ""],
      ["/ESPACE/Documents/", 50_000_000, ""],
      ["/espace/documents.data", 50_000_000, ""],
      ["/build/nothing-here.js", 1_000_000, ""],
    ];
    it.each(announced)("POST %s announcing %i bytes: 413 at once, no byte of the body sent", async (path, length, extra) => {
      const answer = await rawRequest(
        port,
        `POST ${path} HTTP/1.1\nHost: 127.0.0.1:${port}\n${extra}Content-Type: application/x-www-form-urlencoded\nContent-Length: ${length}\n`,
      );
      expect(answer.status).toBe(413);
      expect(answer.body).toMatch(/L'envoi est trop lourd : \d+ (Ko|Mo) au plus\./);
      expect(answer.bodyBytesSentBeforeAnswer).toBe(0);
    });

    it("a real 64 MB upload is answered 413 while it is still being sent, and the browser gets to read it", async () => {
      // Larger than what the kernel's socket buffers can hold on loopback (tcp_rmem reaches 32 MiB on
      // some machines), so "still being sent" cannot be met by the kernel swallowing the whole body.
      const body = Buffer.alloc(64 * 1024 * 1024, 0x61);
      const answer = await rawRequest(
        port,
        `POST /espace/documents HTTP/1.1\nHost: 127.0.0.1:${port}\nCookie: ${personCookie}\nContent-Type: multipart/form-data; boundary=x\nContent-Length: ${body.byteLength}\n`,
        body,
      );
      expect(answer.status).toBe(413);
      expect(answer.body).toContain("L'envoi est trop lourd : 5 Mo au plus.");
      expect(answer.bodyBytesSentBeforeAnswer).toBeLessThan(body.byteLength);
    });

    it("a body of unannounced length (chunked) is refused with 411", async () => {
      for (const encoding of ["chunked", "Chunked", "gzip, chunked"]) {
        const answer = await rawRequest(
          port,
          `POST /login HTTP/1.1\nHost: 127.0.0.1:${port}\nContent-Type: application/x-www-form-urlencoded\nTransfer-Encoding: ${encoding}\n`,
          Buffer.from("5\r\nemail\r\n0\r\n\r\n"),
        );
        expect([411, 400]).toContain(answer.status); // 400: Node itself refuses an encoding it cannot frame
        if (answer.status === 411) expect(answer.body).toContain("La taille de l'envoi doit être annoncée");
      }
    });
  });

  describe("a body that cannot be read as a form answers 400 in French", () => {
    const malformed: [string, string, Buffer][] = [
      ["JSON cut short", "application/json", Buffer.from('{"email": "a@b.fr", "password": ')],
      ["well-formed JSON instead of a form", "application/json", Buffer.from('{"email":"a@b.fr","password":"x"}')],
      [
        "bytes that are not UTF-8",
        "application/x-www-form-urlencoded",
        Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x3d, 0xff, 0xfe, 0xc3]),
      ],
      ["an escape that is not UTF-8", "application/x-www-form-urlencoded", Buffer.from("email=%FF%FE&password=x")],
      ["a broken escape", "application/x-www-form-urlencoded", Buffer.from("email=%zz&password=%")],
      [
        "multipart without a boundary",
        "multipart/form-data",
        Buffer.from('--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na\r\n--x--\r\n'),
      ],
      ["multipart with an empty boundary", "multipart/form-data; boundary=", Buffer.from("--\r\n")],
      [
        "multipart cut short",
        "multipart/form-data; boundary=limite",
        Buffer.from('--limite\r\nContent-Disposition: form-data; name="email"\r\n\r\nawa@exemple'),
      ],
      ["multipart that is noise", "multipart/form-data; boundary=limite", Buffer.from("n'importe quoi")],
      [
        "multipart with a field that is not UTF-8",
        "multipart/form-data; boundary=limite",
        Buffer.concat([
          Buffer.from('--limite\r\nContent-Disposition: form-data; name="email"\r\n\r\n'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from("\r\n--limite--\r\n"),
        ]),
      ],
      ["plain text", "text/plain", Buffer.from("email=a@b.fr")],
      ["no type at all", "", Buffer.from("email=a@b.fr")],
    ];
    for (const path of ["/login", "/login.data", "/espace/connexion"]) {
      it.each(malformed)(`${path}: %s`, async (_name, type, body) => {
        const response = await fetch(`${base}${path}`, {
          method: "POST",
          headers: { Origin: base, ...(type ? { "Content-Type": type } : {}) },
          body: new Uint8Array(body),
          redirect: "manual",
        });
        const text = await response.text();
        expect(response.status).toBe(400);
        expect(text).toContain(UNREADABLE);
        expect(text).not.toMatch(NO_STACK);
      });
    }

    it.each(malformed)("an upload to the personal space: %s", async (_name, type, body) => {
      const response = await fetch(`${base}/espace/documents`, {
        method: "POST",
        headers: { Origin: base, Cookie: personCookie, ...(type ? { "Content-Type": type } : {}) },
        body: new Uint8Array(body),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).not.toMatch(NO_STACK);
    });
  });

  describe("a well-formed body with fields missing, repeated or odd is answered, never a 500", () => {
    const bodies = [
      "",
      "intent=%00",
      "intent=delete&id[]=1&id[]=2",
      `title=${"x".repeat(30_000)}`,
      "kind=__proto__&title=constructor",
      "a=%EF%BF%BF%00",
    ];
    const forms = () => [
      "/sessions/new",
      "/people/new",
      "/series/new",
      "/structures",
      `/sessions/${sessionId}`,
      `/sessions/${sessionId}/registrations`,
      `/sessions/${sessionId}/closing`,
      "/outbox",
      "/templates",
    ];
    it.each(bodies)("every professional's form with %j", async (body) => {
      for (const path of forms()) {
        const answer = await fetch(`${base}${path}`, {
          method: "POST",
          headers: { Origin: base, Cookie: proCookie, "Content-Type": "application/x-www-form-urlencoded" },
          body,
          redirect: "manual",
        });
        const text = await answer.text();
        expect(answer.status, `${path} ${body}`).toBeLessThan(500);
        expect(text).not.toMatch(NO_STACK);
      }
    });
  });

  it("an address that cannot be decoded is a French 400, not Express's English page", async () => {
    for (const path of ["/join/%FF", "/sessions/%ZZ", "/people/%E0%A4%A", "/join/%FF.data", "/build/%C0%AF"]) {
      const answer = await fetch(`${base}${path}`, { redirect: "manual" });
      expect(answer.status, path).toBe(400);
      expect(await answer.text()).toBe("Cette adresse ou cette demande n'est pas valide.");
    }
  });

  describe("an uploaded file's name never comes raw from the client", () => {
    const PDF = Buffer.from("%PDF-1.4\n%%EOF\n");
    const upload = (disposition: Buffer, type = "application/pdf") => {
      const body = Buffer.concat([
        Buffer.from(
          '--limite\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncv\r\n--limite\r\nContent-Disposition: form-data; name="title"\r\n\r\nMon CV\r\n',
        ),
        Buffer.from('--limite\r\nContent-Disposition: form-data; name="file"; '),
        disposition,
        Buffer.from(`\r\nContent-Type: ${type}\r\n\r\n`),
        PDF,
        Buffer.from("\r\n--limite--\r\n"),
      ]);
      return fetch(`${base}/espace/documents`, {
        method: "POST",
        headers: { Origin: base, Cookie: personCookie, "Content-Type": "multipart/form-data; boundary=limite" },
        body: new Uint8Array(body),
      });
    };
    const names: [string, Buffer][] = [
      ["a path climbing out (slashes)", Buffer.from('filename="../../../etc/passwd.pdf"')],
      ["a path climbing out (backslashes)", Buffer.from('filename="..\\..\\boot.ini.pdf"')],
      ["a double extension", Buffer.from('filename="cv.pdf.exe"')],
      ["a right-to-left override", Buffer.from('filename="cv\u202Efdp.exe"', "utf8")],
      ["HTML in the name", Buffer.from('filename="<script>alert(1)</script>.pdf"')],
      ["percent-encoded separators", Buffer.from('filename="%2e%2e%2fsecret.pdf"')],
      ["a control character", Buffer.from('filename="cv\u0007\u0000.pdf"', "utf8")],
      ["a very long name", Buffer.from(`filename="${"a".repeat(600)}.pdf"`)],
      ["no name but dots", Buffer.from('filename="....pdf"')],
    ];
    it.each(names)("%s: kept as a plain name ending in .pdf, served as an attachment", async (_name, disposition) => {
      await database.db.personDocument.deleteMany({ where: { personId } });
      const answer = await upload(disposition);
      expect(answer.status).toBe(200);
      const [stored] = await database.db.personDocument.findMany({ where: { personId }, select: { id: true, fileName: true } });
      expect(stored!.fileName).toMatch(/^[\p{L}\p{N} ._()-]{1,80}\.pdf$/u);
      expect(stored!.fileName).not.toMatch(/\.\.|^[ .]/);
      const download = await fetch(`${base}/espace/documents/${stored!.id}`, { headers: { Cookie: personCookie } });
      expect(download.headers.get("content-disposition")).toBe(attachmentHeader(stored!.fileName!, "application/pdf"));
      expect(download.headers.get("content-disposition")).toMatch(
        /^attachment; filename="[\x20-\x7e]+\.pdf"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/,
      );
    });

    it("a name the multipart parser cannot split (an = inside the quotes) is refused in French, nothing kept", async () => {
      await database.db.personDocument.deleteMany({ where: { personId } });
      const answer = await upload(Buffer.from('filename="<img src=x onerror=alert(1)>.pdf"'));
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain(UNREADABLE);
      expect(await database.db.personDocument.count({ where: { personId } })).toBe(0);
    });
  });
});
