import type { AppLoadContext } from "@remix-run/node";
import type { Db } from "./db.js";
import type { Env } from "./env.js";

/** What every loader and action receives besides the request. */
export interface AppContext {
  db: Db;
  tldrawLicenseKey: string | null;
  /** The client's address (behind a loopback proxy, the forwarded one): keys per-client limits. */
  clientIp?: string;
}

declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {}
  interface Future {
    v3_singleFetch: true;
  }
}

export function createAppLoadContext(db: Db, env: Env): AppLoadContext {
  return { db, tldrawLicenseKey: env.TLDRAW_LICENSE_KEY ?? null };
}
