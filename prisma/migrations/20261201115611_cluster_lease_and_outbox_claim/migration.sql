-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "claimedUntil" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Board" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "snapshot" BLOB,
    "snapshotSeq" INTEGER NOT NULL DEFAULT 0,
    "snapshotGeneration" INTEGER NOT NULL DEFAULT 0,
    "snapshotParts" INTEGER NOT NULL DEFAULT 0,
    "facilitation" JSONB,
    "leaseEpoch" INTEGER NOT NULL DEFAULT 0,
    "ownerAddress" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Board_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "GroupSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Board" ("createdAt", "facilitation", "id", "sessionId", "snapshot", "snapshotGeneration", "snapshotParts", "snapshotSeq") SELECT "createdAt", "facilitation", "id", "sessionId", "snapshot", "snapshotGeneration", "snapshotParts", "snapshotSeq" FROM "Board";
DROP TABLE "Board";
ALTER TABLE "new_Board" RENAME TO "Board";
CREATE UNIQUE INDEX "Board_sessionId_key" ON "Board"("sessionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
