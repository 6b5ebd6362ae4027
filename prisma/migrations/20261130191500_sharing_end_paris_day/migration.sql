-- Sharing end dates written before the Paris-calendar fix (commit 4a7dda5) were the UTC end of the
-- chosen day (23:59:59.999Z), which is already the next day in Paris: "until 31 March" read
-- "1er avril". Since then a sharing ends at the last millisecond of the chosen day in Paris
-- (app/lib/paris-dates.ts endOfParisDay): 22:59:59.999Z in winter time, 21:59:59.999Z in summer time.
-- This moves the old ones there. Idempotent: a Paris end of day is never 23:59:59.999 UTC, so a
-- second run changes nothing.
--
-- Summer time in Paris (EU rule since 1996) runs from the last Sunday of March to the last Sunday
-- of October; the end of a day is in summer time from the last Sunday of March (itself included)
-- up to the day before the last Sunday of October. date(Y-MM-31, '-6 days', 'weekday 0') is the
-- last Sunday of that month.
--
-- Prisma's SQLite adapter writes DateTime as ISO text ("…T23:59:59.999+00:00"); an older client
-- wrote "…Z" or milliseconds since the epoch: all three are handled, each kept in its own form.

UPDATE "ConsentGrant"
SET "expiresAt" = substr("expiresAt", 1, 10) ||
  CASE
    WHEN substr("expiresAt", 1, 10) >= date(substr("expiresAt", 1, 4) || '-03-31', '-6 days', 'weekday 0')
     AND substr("expiresAt", 1, 10) < date(substr("expiresAt", 1, 4) || '-10-31', '-6 days', 'weekday 0')
    THEN 'T21:59:59.999'
    ELSE 'T22:59:59.999'
  END || substr("expiresAt", 24)
WHERE typeof("expiresAt") = 'text'
  AND substr("expiresAt", 11, 13) = 'T23:59:59.999'
  AND substr("expiresAt", 24) IN ('Z', '+00:00');

UPDATE "ConsentGrant"
SET "expiresAt" = "expiresAt" - CASE
    WHEN date("expiresAt" / 1000, 'unixepoch') >= date(strftime('%Y', "expiresAt" / 1000, 'unixepoch') || '-03-31', '-6 days', 'weekday 0')
     AND date("expiresAt" / 1000, 'unixepoch') < date(strftime('%Y', "expiresAt" / 1000, 'unixepoch') || '-10-31', '-6 days', 'weekday 0')
    THEN 7200000
    ELSE 3600000
  END
WHERE typeof("expiresAt") = 'integer'
  AND "expiresAt" % 86400000 = 86399999;
