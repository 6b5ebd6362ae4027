// The one logger of the server side: JSON lines on stdout (pino), one per event, for a log collector.
// What never goes in a line: card text, diagnostic content, names, tokens, cookies, query strings or
// bodies. Errors are logged by kind (name, code, where) — see `errorFields` — because a message can
// quote its input (JSON.parse's does).
import pino, { type DestinationStream, type Level, type Logger } from "pino";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL when it names a level; otherwise `info`, or `silent` under vitest so tests stay quiet. */
export function logLevelOf(source: Record<string, string | undefined> = process.env): LogLevel {
  const asked = source.LOG_LEVEL as LogLevel | undefined;
  if (asked && LOG_LEVELS.includes(asked)) return asked;
  return source.VITEST ? "silent" : "info";
}

export function createLogger(level: LogLevel = logLevelOf(), destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label: string) => ({ level: label as Level }) },
    },
    destination,
  );
}

/** Where the process's lines go: stdout (synchronous on Linux pipes and files), or a test's list. */
let writeLine: (line: string) => void = (line) => void process.stdout.write(line);

/** The process's logger; server/index.ts sets its level from the parsed environment. */
export const log: Logger = createLogger(logLevelOf(), { write: (line: string) => writeLine(line) });

/** Tests: the process logger's lines go to `write` at `level` until the returned function is called. */
export function redirectLog(write: (line: string) => void, level: LogLevel = "trace"): () => void {
  const before = { writeLine, level: log.level };
  writeLine = write;
  log.level = level;
  return () => {
    writeLine = before.writeLine;
    log.level = before.level;
  };
}

/** The parts of an error safe to log: its name, its code and where it was thrown; never its message text. */
export function errorFields(
  error: unknown,
  options: { withMessage?: boolean } = {},
): { name: string; code?: string | number; at?: string; message?: string } {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = (error as { code?: unknown }).code;
  const at = error.stack
    ?.split("\n")
    .slice(1, 4)
    .map((line) => line.trim())
    .join(" < ");
  return {
    name: error.name,
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    ...(at ? { at } : {}),
    ...(options.withMessage ? { message: error.message.slice(0, 500) } : {}),
  };
}

/** A board server warning (server/board): which board and what failed, never what was written on it. */
export function boardWarning(message: string, error?: unknown): void {
  log.warn({ module: "board", ...(error === undefined ? {} : { err: errorFields(error) }) }, message);
}

/**
 * A board warning that something a client can set off (an upgrade, say) may repeat many times a
 * second: said at most once per `intervalMs`, with the number left unsaid since.
 */
export function boardWarningAtMostEvery(intervalMs: number): (message: string, error?: unknown) => void {
  let saidAt = Number.NEGATIVE_INFINITY;
  let unsaid = 0;
  return (message, error) => {
    const now = Date.now();
    if (now - saidAt < intervalMs) {
      unsaid += 1;
      return;
    }
    saidAt = now;
    boardWarning(unsaid > 0 ? `${message} (${unsaid} more since the last such line)` : message, error);
    unsaid = 0;
  };
}

/** A board server event worth a line only when debugging (hostile input refused, and the like). */
export function boardDebug(message: string, error?: unknown): void {
  if (!log.isLevelEnabled("debug")) return;
  log.debug({ module: "board", ...(error === undefined ? {} : { err: errorFields(error) }) }, message);
}
