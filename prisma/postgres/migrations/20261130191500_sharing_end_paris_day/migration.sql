-- Sharing end dates written before the Paris-calendar fix (commit 4a7dda5) were the UTC end of the
-- chosen day (23:59:59.999 UTC), which is already the next day in Paris: "until 31 March" read
-- "1er avril". Since then a sharing ends at the last millisecond of the chosen day in Paris
-- (app/lib/paris-dates.ts endOfParisDay). This moves the old ones there, with PostgreSQL's own
-- time zone rules. Columns are TIMESTAMP(3) holding UTC, as Prisma writes them.
-- Idempotent: a Paris end of day is never 23:59:59.999 UTC, so a second run changes nothing.

UPDATE "ConsentGrant"
SET "expiresAt" = (((("expiresAt"::date + 1)::timestamp AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'UTC') - INTERVAL '1 millisecond')
WHERE "expiresAt"::time = TIME '23:59:59.999';
