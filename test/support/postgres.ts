import pg from "pg";

/** Where the PostgreSQL tests create (and drop) their own databases. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the admin URL's server. */
export function postgresUrl(name: string): string {
  const parsed = new URL(POSTGRES_ADMIN_URL);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
