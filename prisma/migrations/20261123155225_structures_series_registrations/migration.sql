-- CreateTable
CREATE TABLE "StructureInvitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'facilitator',
    "tokenHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "acceptedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StructureInvitation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SessionCoHost" (
    "sessionId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("sessionId", "organizationId"),
    CONSTRAINT "SessionCoHost_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "GroupSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SessionCoHost_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Registration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'beneficiary',
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "status" TEXT NOT NULL DEFAULT 'registered',
    "source" TEXT NOT NULL DEFAULT 'invited',
    "attendance" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Registration_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "GroupSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "registrationId" TEXT,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "ics" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "error" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutboxMessage_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PracticeSeries" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "territory" TEXT NOT NULL,
    "theme" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SeriesMember" (
    "seriesId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("seriesId", "organizationId"),
    CONSTRAINT "SeriesMember_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "PracticeSeries" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SeriesMember_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HostingProposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seriesId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'proposed',
    "theme" TEXT,
    "sessionId" TEXT,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HostingProposal_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "PracticeSeries" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "HostingProposal_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContactCard" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "seriesId" TEXT,
    "sessionId" TEXT,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "helpWith" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContactCard_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ContactCard_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ContactCard_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "PracticeSeries" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ContactCard_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "GroupSession" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

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
    "seriesId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GroupSession_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GroupSession_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "GroupSession_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "PracticeSeries" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_GroupSession" ("agenda", "createdAt", "createdById", "id", "joinCode", "kind", "online", "organizationId", "place", "startsAt", "templateId", "title") SELECT "agenda", "createdAt", "createdById", "id", "joinCode", "kind", "online", "organizationId", "place", "startsAt", "templateId", "title" FROM "GroupSession";
DROP TABLE "GroupSession";
ALTER TABLE "new_GroupSession" RENAME TO "GroupSession";
CREATE UNIQUE INDEX "GroupSession_joinCode_key" ON "GroupSession"("joinCode");
CREATE UNIQUE INDEX "GroupSession_publicToken_key" ON "GroupSession"("publicToken");
CREATE INDEX "GroupSession_organizationId_startsAt_idx" ON "GroupSession"("organizationId", "startsAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "StructureInvitation_tokenHash_key" ON "StructureInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "StructureInvitation_organizationId_idx" ON "StructureInvitation"("organizationId");

-- CreateIndex
CREATE INDEX "SessionCoHost_organizationId_idx" ON "SessionCoHost"("organizationId");

-- CreateIndex
CREATE INDEX "Registration_sessionId_idx" ON "Registration"("sessionId");

-- CreateIndex
CREATE INDEX "OutboxMessage_organizationId_status_idx" ON "OutboxMessage"("organizationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SeriesMember_seriesId_position_key" ON "SeriesMember"("seriesId", "position");

-- CreateIndex
CREATE INDEX "HostingProposal_seriesId_createdAt_idx" ON "HostingProposal"("seriesId", "createdAt");

-- CreateIndex
CREATE INDEX "ContactCard_seriesId_idx" ON "ContactCard"("seriesId");

-- CreateIndex
CREATE UNIQUE INDEX "ContactCard_userId_seriesId_key" ON "ContactCard"("userId", "seriesId");
