-- CreateTable
CREATE TABLE "PersonPasskey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "publicKey" BLOB NOT NULL,
    "counter" INTEGER NOT NULL DEFAULT 0,
    "transports" TEXT,
    "label" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    CONSTRAINT "PersonPasskey_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebAuthnChallenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "purpose" TEXT NOT NULL,
    "challenge" TEXT NOT NULL,
    "personId" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AppointmentSlot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "location" TEXT,
    "purpose" TEXT NOT NULL DEFAULT 'diagnostic',
    "withdrawnAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AppointmentSlot_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AppointmentSlot_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Appointment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slotId" TEXT NOT NULL,
    "heldSlotId" TEXT,
    "organizationId" TEXT NOT NULL,
    "personId" TEXT,
    "participantId" TEXT,
    "sessionId" TEXT,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "status" TEXT NOT NULL DEFAULT 'booked',
    "bookedVia" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "followUpAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Appointment_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "AppointmentSlot" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Appointment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Appointment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Appointment_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "GroupSession" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AppointmentInvite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "personId" TEXT,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BadgeClass" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "criteria" TEXT NOT NULL,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BadgeClass_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BadgeAward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "badgeClassId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "sessionId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'proposed',
    "awardedById" TEXT NOT NULL,
    "credential" TEXT,
    "signingKeyId" TEXT,
    "issuedAt" DATETIME,
    "revokedAt" DATETIME,
    "revokedReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BadgeAward_badgeClassId_fkey" FOREIGN KEY ("badgeClassId") REFERENCES "BadgeClass" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BadgeAward_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BadgeAward_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BadgeAward_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "GroupSession" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "BadgeAward_signingKeyId_fkey" FOREIGN KEY ("signingKeyId") REFERENCES "SigningKey" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "privateKeySealed" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" DATETIME,
    CONSTRAINT "SigningKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DocumentShare" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "organizationId" TEXT,
    "tokenHash" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DocumentShare_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "PersonDocument" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DocumentShare_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DocumentShare_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DocumentShareOpen" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shareId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "actorUserId" TEXT,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DocumentShareOpen_shareId_fkey" FOREIGN KEY ("shareId") REFERENCES "DocumentShare" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
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
    "notBefore" DATETIME,
    "appointmentId" TEXT,
    CONSTRAINT "OutboxMessage_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "OutboxMessage_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_OutboxMessage" ("body", "channel", "createdAt", "error", "ics", "id", "organizationId", "recipient", "registrationId", "sentAt", "status", "subject") SELECT "body", "channel", "createdAt", "error", "ics", "id", "organizationId", "recipient", "registrationId", "sentAt", "status", "subject" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE INDEX "OutboxMessage_organizationId_status_idx" ON "OutboxMessage"("organizationId", "status");
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");
CREATE TABLE "new_Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accompanimentEndedAt" DATETIME,
    "referentUserId" TEXT,
    CONSTRAINT "Person_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Person_referentUserId_fkey" FOREIGN KEY ("referentUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Person" ("accompanimentEndedAt", "createdAt", "createdById", "displayName", "email", "id", "organizationId", "phone") SELECT "accompanimentEndedAt", "createdAt", "createdById", "displayName", "email", "id", "organizationId", "phone" FROM "Person";
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE INDEX "Person_organizationId_idx" ON "Person"("organizationId");
CREATE TABLE "new_PersonDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "badgeAwardId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT,
    "fileName" TEXT,
    "mimeType" TEXT,
    "size" INTEGER,
    "content" BLOB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PersonDocument_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PersonDocument_badgeAwardId_fkey" FOREIGN KEY ("badgeAwardId") REFERENCES "BadgeAward" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_PersonDocument" ("content", "createdAt", "fileName", "id", "kind", "mimeType", "personId", "size", "title", "url") SELECT "content", "createdAt", "fileName", "id", "kind", "mimeType", "personId", "size", "title", "url" FROM "PersonDocument";
DROP TABLE "PersonDocument";
ALTER TABLE "new_PersonDocument" RENAME TO "PersonDocument";
CREATE UNIQUE INDEX "PersonDocument_badgeAwardId_key" ON "PersonDocument"("badgeAwardId");
CREATE INDEX "PersonDocument_personId_idx" ON "PersonDocument"("personId");
CREATE TABLE "new_PersonSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "method" TEXT NOT NULL DEFAULT 'code',
    "device" TEXT,
    "lastSeenAt" DATETIME,
    CONSTRAINT "PersonSession_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PersonSession" ("createdAt", "expiresAt", "id", "personId", "revokedAt", "tokenHash") SELECT "createdAt", "expiresAt", "id", "personId", "revokedAt", "tokenHash" FROM "PersonSession";
DROP TABLE "PersonSession";
ALTER TABLE "new_PersonSession" RENAME TO "PersonSession";
CREATE UNIQUE INDEX "PersonSession_tokenHash_key" ON "PersonSession"("tokenHash");
CREATE INDEX "PersonSession_personId_idx" ON "PersonSession"("personId");
CREATE TABLE "new_PersonSignInCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'code',
    "codeHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PersonSignInCode_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PersonSignInCode" ("codeHash", "createdAt", "expiresAt", "id", "personId", "usedAt") SELECT "codeHash", "createdAt", "expiresAt", "id", "personId", "usedAt" FROM "PersonSignInCode";
DROP TABLE "PersonSignInCode";
ALTER TABLE "new_PersonSignInCode" RENAME TO "PersonSignInCode";
CREATE UNIQUE INDEX "PersonSignInCode_codeHash_key" ON "PersonSignInCode"("codeHash");
CREATE INDEX "PersonSignInCode_personId_idx" ON "PersonSignInCode"("personId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PersonPasskey_credentialId_key" ON "PersonPasskey"("credentialId");

-- CreateIndex
CREATE INDEX "PersonPasskey_personId_idx" ON "PersonPasskey"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "WebAuthnChallenge_challenge_key" ON "WebAuthnChallenge"("challenge");

-- CreateIndex
CREATE INDEX "WebAuthnChallenge_expiresAt_idx" ON "WebAuthnChallenge"("expiresAt");

-- CreateIndex
CREATE INDEX "AppointmentSlot_organizationId_startsAt_idx" ON "AppointmentSlot"("organizationId", "startsAt");

-- CreateIndex
CREATE INDEX "AppointmentSlot_userId_startsAt_idx" ON "AppointmentSlot"("userId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Appointment_heldSlotId_key" ON "Appointment"("heldSlotId");

-- CreateIndex
CREATE UNIQUE INDEX "Appointment_tokenHash_key" ON "Appointment"("tokenHash");

-- CreateIndex
CREATE INDEX "Appointment_organizationId_status_idx" ON "Appointment"("organizationId", "status");

-- CreateIndex
CREATE INDEX "Appointment_personId_idx" ON "Appointment"("personId");

-- CreateIndex
CREATE INDEX "Appointment_slotId_idx" ON "Appointment"("slotId");

-- CreateIndex
CREATE UNIQUE INDEX "AppointmentInvite_tokenHash_key" ON "AppointmentInvite"("tokenHash");

-- CreateIndex
CREATE INDEX "AppointmentInvite_organizationId_idx" ON "AppointmentInvite"("organizationId");

-- CreateIndex
CREATE INDEX "BadgeClass_organizationId_idx" ON "BadgeClass"("organizationId");

-- CreateIndex
CREATE INDEX "BadgeAward_personId_idx" ON "BadgeAward"("personId");

-- CreateIndex
CREATE INDEX "BadgeAward_organizationId_idx" ON "BadgeAward"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "BadgeAward_badgeClassId_personId_sessionId_key" ON "BadgeAward"("badgeClassId", "personId", "sessionId");

-- CreateIndex
CREATE INDEX "SigningKey_organizationId_idx" ON "SigningKey"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentShare_tokenHash_key" ON "DocumentShare"("tokenHash");

-- CreateIndex
CREATE INDEX "DocumentShare_personId_idx" ON "DocumentShare"("personId");

-- CreateIndex
CREATE INDEX "DocumentShare_organizationId_idx" ON "DocumentShare"("organizationId");

-- CreateIndex
CREATE INDEX "DocumentShareOpen_personId_openedAt_idx" ON "DocumentShareOpen"("personId", "openedAt");
