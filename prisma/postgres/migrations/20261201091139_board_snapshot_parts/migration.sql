-- AlterTable
ALTER TABLE "Board" ADD COLUMN     "snapshotGeneration" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "snapshotParts" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "BoardSnapshotPart" (
    "boardId" TEXT NOT NULL,
    "generation" INTEGER NOT NULL,
    "idx" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "BoardSnapshotPart_pkey" PRIMARY KEY ("boardId","generation","idx")
);

-- AddForeignKey
ALTER TABLE "BoardSnapshotPart" ADD CONSTRAINT "BoardSnapshotPart_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board"("id") ON DELETE CASCADE ON UPDATE CASCADE;
