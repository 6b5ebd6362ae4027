-- AlterTable
ALTER TABLE "Board" ADD COLUMN     "leaseEpoch" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ownerAddress" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "claimedUntil" TIMESTAMP(3);
