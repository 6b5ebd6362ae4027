-- AlterTable
ALTER TABLE "ConsentGrant" ADD COLUMN "renewedAt" DATETIME;

-- AlterTable
ALTER TABLE "Person" ADD COLUMN "accompanimentEndedAt" DATETIME;

-- CreateTable
CREATE TABLE "RetentionOverride" (
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("organizationId", "kind"),
    CONSTRAINT "RetentionOverride_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PurgeRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "outcome" TEXT NOT NULL DEFAULT 'running'
);

-- CreateTable
CREATE TABLE "PurgeCount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "organizationId" TEXT,
    "kind" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "PurgeCount_runId_fkey" FOREIGN KEY ("runId") REFERENCES "PurgeRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "until" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReadTrace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actorUserId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "what" TEXT NOT NULL,
    "personId" TEXT,
    "sessionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SessionArchive" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "deletedById" TEXT,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "deletedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "report" JSONB NOT NULL,
    CONSTRAINT "SessionArchive_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HiddenAuthorship" (
    "boardId" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "authorKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("boardId", "recordId"),
    CONSTRAINT "HiddenAuthorship_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PurgeRun_startedAt_idx" ON "PurgeRun"("startedAt");

-- CreateIndex
CREATE INDEX "PurgeCount_runId_idx" ON "PurgeCount"("runId");

-- CreateIndex
CREATE INDEX "PurgeCount_organizationId_idx" ON "PurgeCount"("organizationId");

-- CreateIndex
CREATE INDEX "ReadTrace_organizationId_createdAt_idx" ON "ReadTrace"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "ReadTrace_personId_createdAt_idx" ON "ReadTrace"("personId", "createdAt");

-- CreateIndex
CREATE INDEX "SessionArchive_organizationId_deletedAt_idx" ON "SessionArchive"("organizationId", "deletedAt");

-- CreateIndex
CREATE INDEX "HiddenAuthorship_boardId_authorKey_idx" ON "HiddenAuthorship"("boardId", "authorKey");
