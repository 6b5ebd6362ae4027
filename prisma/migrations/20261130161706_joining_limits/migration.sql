-- AlterTable
ALTER TABLE "Participant" ADD COLUMN "revokedAt" DATETIME;
ALTER TABLE "Participant" ADD COLUMN "waitingSince" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_GroupSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "place" TEXT,
    "online" BOOLEAN NOT NULL DEFAULT false,
    "templateId" TEXT NOT NULL,
    "agenda" JSONB NOT NULL,
    "joinCode" TEXT NOT NULL,
    "capacity" INTEGER,
    "openRegistration" BOOLEAN NOT NULL DEFAULT false,
    "publicToken" TEXT,
    "bring" TEXT,
    "closedAt" DATETIME,
    "decisions" TEXT,
    "seriesId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "waitingRoom" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "GroupSession_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GroupSession_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "GroupSession_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "PracticeSeries" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_GroupSession" ("agenda", "bring", "capacity", "closedAt", "createdAt", "createdById", "decisions", "id", "joinCode", "kind", "online", "openRegistration", "organizationId", "place", "publicToken", "seriesId", "startsAt", "templateId", "title") SELECT "agenda", "bring", "capacity", "closedAt", "createdAt", "createdById", "decisions", "id", "joinCode", "kind", "online", "openRegistration", "organizationId", "place", "publicToken", "seriesId", "startsAt", "templateId", "title" FROM "GroupSession";
DROP TABLE "GroupSession";
ALTER TABLE "new_GroupSession" RENAME TO "GroupSession";
CREATE UNIQUE INDEX "GroupSession_joinCode_key" ON "GroupSession"("joinCode");
CREATE UNIQUE INDEX "GroupSession_publicToken_key" ON "GroupSession"("publicToken");
CREATE INDEX "GroupSession_organizationId_startsAt_idx" ON "GroupSession"("organizationId", "startsAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
