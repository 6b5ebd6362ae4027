-- CreateTable
CREATE TABLE "FeedbackBallot" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "ballotKey" TEXT,
    "word" TEXT,

    CONSTRAINT "FeedbackBallot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackAnswer" (
    "id" TEXT NOT NULL,
    "ballotId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "scale" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "FeedbackAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NetworkCoordinator" (
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "grantedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NetworkCoordinator_pkey" PRIMARY KEY ("organizationId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackBallot_ballotKey_key" ON "FeedbackBallot"("ballotKey");

-- CreateIndex
CREATE INDEX "FeedbackBallot_sessionId_idx" ON "FeedbackBallot"("sessionId");

-- CreateIndex
CREATE INDEX "FeedbackAnswer_sessionId_questionId_idx" ON "FeedbackAnswer"("sessionId", "questionId");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackAnswer_ballotId_questionId_key" ON "FeedbackAnswer"("ballotId", "questionId");

-- CreateIndex
CREATE INDEX "NetworkCoordinator_userId_idx" ON "NetworkCoordinator"("userId");

-- CreateIndex
CREATE INDEX "Outcome_sessionId_status_idx" ON "Outcome"("sessionId", "status");

-- AddForeignKey
ALTER TABLE "FeedbackBallot" ADD CONSTRAINT "FeedbackBallot_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "GroupSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackAnswer" ADD CONSTRAINT "FeedbackAnswer_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "FeedbackBallot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkCoordinator" ADD CONSTRAINT "NetworkCoordinator_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkCoordinator" ADD CONSTRAINT "NetworkCoordinator_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
