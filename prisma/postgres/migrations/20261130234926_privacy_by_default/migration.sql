-- AlterTable
ALTER TABLE "ConsentGrant" ADD COLUMN     "renewedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "accompanimentEndedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RetentionOverride" (
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetentionOverride_pkey" PRIMARY KEY ("organizationId","kind")
);

-- CreateTable
CREATE TABLE "PurgeRun" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT NOT NULL DEFAULT 'running',

    CONSTRAINT "PurgeRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PurgeCount" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "organizationId" TEXT,
    "kind" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "PurgeCount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ReadTrace" (
    "id" TEXT NOT NULL,
    "actorUserId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "what" TEXT NOT NULL,
    "personId" TEXT,
    "sessionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReadTrace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionArchive" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deletedById" TEXT,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "report" JSONB NOT NULL,

    CONSTRAINT "SessionArchive_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HiddenAuthorship" (
    "boardId" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "authorKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HiddenAuthorship_pkey" PRIMARY KEY ("boardId","recordId")
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

-- AddForeignKey
ALTER TABLE "RetentionOverride" ADD CONSTRAINT "RetentionOverride_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurgeCount" ADD CONSTRAINT "PurgeCount_runId_fkey" FOREIGN KEY ("runId") REFERENCES "PurgeRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionArchive" ADD CONSTRAINT "SessionArchive_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HiddenAuthorship" ADD CONSTRAINT "HiddenAuthorship_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board"("id") ON DELETE CASCADE ON UPDATE CASCADE;
