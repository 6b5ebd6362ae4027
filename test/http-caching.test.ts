// What a phone downloads and what it may keep (issue 13, docs/decisions/011): text is compressed
// for the encodings the browser accepts and only those; fingerprinted build files are kept for a year
// without asking again, from their precompressed twin when the build made one; pages and their
// `.data` are never stored, and nothing outside the build folder is reachable through it.
import express from "express";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAssets, compressResponses } from "../server/http/compression.js";
import { createTestDatabase, type TestDatabase } from "./support/fixtures.js";
import { freePort, startServerProcess, stopGracefully, type ServerProcess } from "./support/server-process.js";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET that does not decompress anything: the bytes as they crossed the wire. */
function fetchRaw(port: number, pathname: string, acceptEncoding?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding };
    get({ host: "127.0.0.1", port, path: pathname, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

function decoded(answer: Answer): Buffer {
  const encoding = answer.headers["content-encoding"];
  if (encoding === "br") return zlib.brotliDecompressSync(answer.body);
  if (encoding === "gzip") return zlib.gunzipSync(answer.body);
  expect(encoding).toBeUndefined();
  return answer.body;
}

const IMMUTABLE = "public, max-age=31536000, immutable";

describe("the product server's compression and caching", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let port: number;
  let script: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    port = await freePort();
    server = await startServerProcess({ DATABASE_URL: database.url, PORT: String(port) });
    const page = decoded(await fetchRaw(port, "/join", "br")).toString();
    script = /<link rel="modulepreload" href="(\/build\/[^"]+\.js)"/.exec(page)![1];
  });
  afterAll(async () => {
    if (server) await stopGracefully(server);
    await database?.cleanup();
  });

  it("a build script is sent compressed as the browser asks, the same bytes in every encoding, kept for a year", async () => {
    const plain = await fetchRaw(port, script);
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    for (const [accept, expected] of [
      ["gzip, deflate, br, zstd", "br"],
      ["BR", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip", "gzip"],
      ["br;q=0, gzip;q=0", undefined],
      ["identity", undefined],
    ] as const) {
      const answer = await fetchRaw(port, script, accept);
      expect(answer.status, accept).toBe(200);
      expect(answer.headers["content-encoding"], accept).toBe(expected);
      expect(answer.headers["content-type"], accept).toMatch(/^(text|application)\/javascript/);
      expect(answer.headers["cache-control"], accept).toBe(IMMUTABLE);
      expect(String(answer.headers.vary), accept).toMatch(/accept-encoding/i);
      expect(decoded(answer).equals(plain.body), accept).toBe(true);
      if (expected) expect(answer.body.length, accept).toBeLessThan(plain.body.length);
    }
  });

  it("pages and their .data are compressed and never stored", async () => {
    for (const pathname of ["/join", "/join.data", "/join/ABC234", "/login"]) {
      const answer = await fetchRaw(port, pathname, "gzip, br");
      expect(answer.status, pathname).toBeLessThan(500);
      expect(answer.headers["cache-control"], pathname).toBe("no-store");
      if (answer.body.length > 1024) expect(answer.headers["content-encoding"], pathname).toBe("br");
    }
  });

  it("no way out of the build folder, however the path is spelt", async () => {
    for (const pathname of [
      "/build/../package.json",
      "/build/%2e%2e/package.json",
      "/build/..%2fpackage.json",
      "/build/%2e%2e%2fpackage.json",
      "/build/..%5cpackage.json",
      "/build/%00.js",
    ]) {
      const answer = await fetchRaw(port, pathname, "br, gzip");
      expect(decoded(answer).toString(), pathname).not.toContain('"name": "atelier-commun"');
      expect(answer.status, pathname).not.toBe(500);
    }
  });
});

describe("precompressed build files", () => {
  let dir: string;
  let listener: Server;
  let port: number;
  const script = `export const greeting = ${JSON.stringify("bonjour ".repeat(500))};\n`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "atelier-assets-"));
    writeFileSync(path.join(dir, "app-ABC.js"), script);
    // Made smaller and different from what the middleware would produce, to tell which one answered.
    writeFileSync(
      path.join(dir, "app-ABC.js.br"),
      zlib.brotliCompressSync(script, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
    writeFileSync(path.join(dir, "app-ABC.js.gz"), zlib.gzipSync(script, { level: 9 }));
    writeFileSync(path.join(dir, "only-plain.css"), `.a { color: red; }\n`.repeat(200));
    const app = express();
    app.use(compressResponses());
    app.use("/build", buildAssets(dir));
    port = await freePort();
    await new Promise<void>((resolve) => (listener = app.listen(port, "127.0.0.1", resolve)));
  });
  afterAll(() => {
    listener?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the build's .br or .gz twin is sent as the script itself, typed as the script", async () => {
    const br = await fetchRaw(port, "/build/app-ABC.js", "gzip, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(br.headers["cache-control"]).toBe(IMMUTABLE);
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(br.body.equals(zlib.brotliCompressSync(script, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }))).toBe(true);
    const gz = await fetchRaw(port, "/build/app-ABC.js?v=1", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(decoded(gz).toString()).toBe(script);
  });

  it("a file without a twin is compressed on the fly; a twin asked for by its own name is not passed off as the script", async () => {
    const css = await fetchRaw(port, "/build/only-plain.css", "br");
    expect(css.headers["content-encoding"]).toBe("br");
    expect(css.headers["content-type"]).toMatch(/^text\/css/);
    const twin = await fetchRaw(port, "/build/app-ABC.js.br", "br");
    expect(twin.headers["content-encoding"]).toBeUndefined();
  });
});
