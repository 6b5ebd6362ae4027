-- AlterTable
ALTER TABLE "GroupSession" ADD COLUMN     "waitingRoom" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "revokedAt" TIMESTAMP(3),
ADD COLUMN     "waitingSince" TIMESTAMP(3);
