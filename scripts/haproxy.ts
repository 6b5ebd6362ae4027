// HAProxy as a child process, with the repository's deploy/haproxy.cfg: for `npm run cluster`
// (scripts/cluster.ts), test/cluster-haproxy.test.ts and bench/cluster.ts. Debian's package only
// (scripts/ensure-haproxy.sh installs it); nothing is ever downloaded.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { connect } from "node:net";
import path from "node:path";

export const HAPROXY_CONFIG = path.resolve(import.meta.dirname, "../deploy/haproxy.cfg");

/** Debian installs it in /usr/sbin, which is not on an ordinary user's PATH. */
const PLACES = ["/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy"];

/** The haproxy binary: $HAPROXY, then PATH, then Debian's places; null when there is none. */
export function findHaproxy(): string | null {
  const candidates = [
    process.env.HAPROXY,
    ...(process.env.PATH ?? "").split(":").map((dir) => dir && path.join(dir, "haproxy")),
    ...PLACES,
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there
    }
  }
  return null;
}

export interface HaproxyOptions {
  /** Port browsers connect to, on 127.0.0.1 unless `host` says otherwise. */
  port: number;
  host?: string;
  /** The three nodes, host:port (the configuration names node1..node3). */
  nodes: [string, string, string];
  /** HTTPS (and HTTP/2) too, on this port of the same host, with this PEM file (chain and key). */
  tls?: { port: number; certificateFile: string };
  /** Lines of HAProxy's own output (server up/down warnings), as they come. */
  onOutput?: (line: string) => void;
  /** In a process group of its own: a Ctrl-C in the terminal reaches only its parent, which stops it in turn. */
  detached?: boolean;
}

export interface HaproxyProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** The environment deploy/haproxy.cfg reads its addresses from. */
export function haproxyEnvironment(options: Pick<HaproxyOptions, "port" | "host" | "nodes" | "tls">): Record<string, string> {
  const host = options.host ?? "127.0.0.1";
  return {
    ATELIER_BIND: `${host}:${options.port}`,
    ATELIER_NODE1: options.nodes[0],
    ATELIER_NODE2: options.nodes[1],
    ATELIER_NODE3: options.nodes[2],
    ...(options.tls ? { ATELIER_TLS_BIND: `${host}:${options.tls.port}`, ATELIER_TLS_CERT: options.tls.certificateFile } : {}),
  };
}

/** `haproxy -c`: the configuration's own check; throws with HAProxy's words when it fails. */
export function checkHaproxyConfig(binary: string, options: Pick<HaproxyOptions, "port" | "host" | "nodes" | "tls">): void {
  execFileSync(binary, ["-c", "-q", "-f", HAPROXY_CONFIG], {
    env: { ...process.env, ...haproxyEnvironment(options) },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Starts HAProxy in the foreground (-db) and resolves once it accepts connections on its port. */
export async function startHaproxy(binary: string, options: HaproxyOptions): Promise<HaproxyProcess> {
  const child = spawn(binary, ["-db", "-f", HAPROXY_CONFIG], {
    env: { ...process.env, ...haproxyEnvironment(options) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (options.onOutput) for (const line of text.split("\n")) if (line.trim()) options.onOutput(line);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<never>((_resolve, reject) =>
    child.once("exit", (code, signal) => reject(new Error(`haproxy exited (${code ?? signal}):\n${output}`))),
  );
  exited.catch(() => undefined);
  const host = options.host && options.host !== "*" && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  await Promise.race([listening(host, options.port), exited]);
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * A self-signed certificate for `localhost`, valid a day, in the one PEM file (chain and key) that
 * HAProxy's `crt` takes: for the HTTPS entry in tests and benches, never for a real address. Made by
 * Debian's openssl command (scripts/ensure-haproxy.sh installs it with HAProxy).
 */
export function throwawayCertificate(): { file: string; remove(): void } {
  const folder = mkdtempSync(path.join(tmpdir(), "atelier-tls-"));
  const key = path.join(folder, "key.pem");
  const certificate = path.join(folder, "certificate.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"].concat([
      "-keyout",
      key,
      "-out",
      certificate,
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ]),
    { stdio: "ignore" },
  );
  const file = path.join(folder, "both.pem");
  writeFileSync(file, readFileSync(certificate, "utf8") + readFileSync(key, "utf8"));
  return { file, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** Resolves once something accepts TCP connections on host:port (tried every 50 ms, for 10 s). */
function listening(host: string, port: number): Promise<void> {
  const until = Date.now() + 10_000;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, host);
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > until) reject(new Error(`haproxy did not listen on ${host}:${port} within 10 s`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}
