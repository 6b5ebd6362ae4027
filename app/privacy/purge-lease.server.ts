// One purge at a time, even with several processes on one database: a named lease in JobLease.
// Taking it is one statement (insert when absent, or take over when the holder's time is up), so two
// processes starting together cannot both get it; it expires, so a holder that crashed blocks the
// job only until `until`.
import { Prisma, type Db } from "../../prisma/db.js";

/**
 * Takes the lease `name` for `holder` until `until`, when nobody holds it or its holder's time was up
 * at `now`. True when this holder has it. The same SQL on SQLite (3.24+) and PostgreSQL: a conflict
 * on the name updates the row only where the lease had expired, so zero rows change when it had not.
 */
export async function takeLease(db: Db, name: string, holder: string, now: Date, until: Date): Promise<boolean> {
  const changed = await db.$executeRaw(
    Prisma.sql`INSERT INTO "JobLease" ("name", "holder", "until") VALUES (${name}, ${holder}, ${until})
      ON CONFLICT ("name") DO UPDATE SET "holder" = excluded."holder", "until" = excluded."until"
      WHERE "JobLease"."until" < ${now}`,
  );
  return changed === 1;
}

/** Pushes the lease's end further while its holder still works; false when another took it meanwhile. */
export async function renewLease(db: Db, name: string, holder: string, until: Date): Promise<boolean> {
  const { count } = await db.jobLease.updateMany({ where: { name, holder }, data: { until } });
  return count === 1;
}

/** Gives the lease back, only if this holder still has it. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.jobLease.deleteMany({ where: { name, holder } });
}
