import { z } from "zod";
import { mailSettingsSchema } from "../app/registrations/mail-settings.js";
import { parseTrustProxy } from "./http/trust-proxy.js";
import { LOG_LEVELS } from "./log.js";
import { DEFAULT_PURGE_SCHEDULE, purgeScheduleProblem } from "./purge-schedule.js";

/** Parsed once at boot: a bad value stops the start with a readable message. */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Least severe log lines written (server/log.ts); unset: info, or silent under vitest. */
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "doit commencer par file: (SQLite) ou postgres:// (PostgreSQL)")
    .default("file:./data/atelier.db"),
  /**
   * The product's public address (https://atelier.exemple.fr): passkeys are bound to its host name and
   * sign-in links point to it. Unset: each request's own origin as the server sees it (TRUST_PROXY applies).
   */
  PUBLIC_ORIGIN: z
    .string()
    .optional()
    .transform((raw, context) => {
      if (raw === undefined || raw.trim() === "") return undefined;
      const url = URL.canParse(raw) ? new URL(raw) : null;
      if (url && /^https?:$/.test(url.protocol) && url.pathname === "/" && !url.search && !url.hash && !url.username) return url.origin;
      context.addIssue({ code: "custom", message: "doit être une origine http:// ou https://, sans chemin (https://atelier.exemple.fr)" });
      return z.NEVER;
    }),
  /** Public origin(s) allowed to open board WebSockets besides the request's own host, comma-separated. */
  ALLOWED_ORIGINS: z.string().default(""),
  TLDRAW_LICENSE_KEY: z.string().optional(),
  /** Compact a board's update log into a snapshot once it holds this many entries. */
  BOARD_COMPACT_AFTER: z.coerce.number().int().min(10).default(500),
  /** A compacted snapshot bigger than this is written in parts of this size, one per turn of the event loop. */
  BOARD_SNAPSHOT_PART_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
  BOARD_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  BOARD_IDLE_UNLOAD_MS: z.coerce.number().int().min(0).default(15_000),
  BOARD_MAX_ROOMS: z.coerce.number().int().min(1).default(5_000),
  BOARD_MAX_CONNECTIONS_PER_ROOM: z.coerce.number().int().min(1).default(500),
  /** Updates a connection may send per second; presence messages have the same allowance. */
  BOARD_MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(200),
  /** Presence renewals are gathered this long before one relay (must stay under 30 s). */
  BOARD_PRESENCE_RENEWAL_MS: z.coerce.number().int().min(100).max(20_000).default(10_000),
  /** Budgets of one board connection and one room (docs/decisions/008); over one, the connection is closed (1008). */
  BOARD_MAX_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  /** Bytes a connection may send at once; never less than BOARD_MAX_MESSAGE_BYTES. */
  BOARD_MAX_BURST_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 * 1024),
  /** Sync requests (and, separately, presence queries) per minute per connection, bursts of 5. */
  BOARD_MAX_SYNC_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Facilitation commands per second per connection, bursts of twice that. */
  BOARD_MAX_COMMANDS_PER_SECOND: z.coerce.number().int().min(1).default(20),
  /** Cards posted from a phone per minute per connection, bursts of 5. */
  BOARD_MAX_POSTS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  BOARD_ROOM_MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(10).default(10_000),
  BOARD_ROOM_MAX_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(8 * 1024 * 1024),
  /** Bytes waiting in one connection's socket past which it is closed (1013). */
  BOARD_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(4 * 1024 * 1024),
  /** Awareness client ids (cursors) one connection may announce. */
  BOARD_MAX_PRESENCE_IDS: z.coerce.number().int().min(1).max(64).default(4),
  /** Proxies whose X-Forwarded-For / -Proto we believe (server/http/trust-proxy.ts); default: none. */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((raw, context) => {
      const parsed = parseTrustProxy(raw);
      if (parsed.ok) return parsed.value;
      context.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }),
  /** Board connections one participant token may hold open at once (tabs, devices); one more is refused (1013). */
  BOARD_MAX_CONNECTIONS_PER_PARTICIPANT: z.coerce.number().int().min(1).default(3),
  /** Participants of a session that has no capacity of its own (waiting ones included). */
  SESSION_MAX_PARTICIPANTS: z.coerce.number().int().min(1).default(60),
  /** Join pages and attempts one client address may ask for per minute (docs/decisions/007). */
  JOIN_MAX_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Unknown join codes one client address may try per 10 minutes. */
  JOIN_MAX_UNKNOWN_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  /** Unknown join codes answered per minute to all client addresses together. */
  JOIN_MAX_UNKNOWN_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** When the retention purge runs, a cron pattern in Paris time, or "off" (server/purge-schedule.ts). */
  PURGE_SCHEDULE: z
    .string()
    .trim()
    .default(DEFAULT_PURGE_SCHEDULE)
    .superRefine((value, context) => {
      const problem = purgeScheduleProblem(value);
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
  /**
   * Seals the structures' badge signing keys (app/badges/keys.server.ts). Unset: a random secret kept in
   * the file "signing-secret" beside the SQLite database (mode 0600). Several nodes need it set, the same on each.
   */
  SIGNING_SECRET: z.string().min(32, "doit faire au moins 32 caractères").optional(),
  /**
   * Several nodes (docs/decisions/023): this node's address as the other nodes reach it (http://10.0.0.2:3000).
   * Set: cluster mode, which needs a PostgreSQL DATABASE_URL and CLUSTER_SECRET. Unset: one node alone.
   */
  CLUSTER_NODE_ADDRESS: z
    .string()
    .optional()
    .transform((raw, context) => {
      if (raw === undefined || raw.trim() === "") return undefined;
      const url = URL.canParse(raw) ? new URL(raw) : null;
      if (url && url.protocol === "http:" && url.pathname === "/" && !url.search && !url.hash && !url.username) return url.origin;
      context.addIssue({ code: "custom", message: "doit être une adresse http:// sans chemin (http://10.0.0.2:3000)" });
      return z.NEVER;
    }),
  /** Shared by the nodes of a cluster: authenticates what one node asks of another. The same on each node. */
  CLUSTER_SECRET: z.string().min(32, "doit faire au moins 32 caractères").optional(),
  /** Redis for the counters every node shares (sign-in and code throttles); unset: each node counts alone. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "doit commencer par redis:// ou rediss://")
    .optional(),
  /** SMTP_URL, SMTP_FROM: outgoing mail (app/registrations/mail-settings.ts). */
  ...mailSettingsSchema.shape,
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema
    .superRefine((env, context) => {
      if (!env.CLUSTER_NODE_ADDRESS) return;
      if (!/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
        context.addIssue({
          code: "custom",
          path: ["DATABASE_URL"],
          message: "plusieurs serveurs (CLUSTER_NODE_ADDRESS) demandent PostgreSQL",
        });
      }
      if (!env.CLUSTER_SECRET) context.addIssue({ code: "custom", path: ["CLUSTER_SECRET"], message: "requis avec CLUSTER_NODE_ADDRESS" });
      if (!env.SIGNING_SECRET)
        context.addIssue({
          code: "custom",
          path: ["SIGNING_SECRET"],
          message: "requis avec CLUSTER_NODE_ADDRESS (le même sur chaque serveur)",
        });
    })
    .safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Configuration invalide :\n${lines.join("\n")}`);
  }
  return result.data;
}
