-- AlterTable
ALTER TABLE "Board" ADD COLUMN "facilitation" JSONB;
