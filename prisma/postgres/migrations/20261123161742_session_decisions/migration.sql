-- AlterTable
ALTER TABLE "GroupSession" ADD COLUMN     "decisions" TEXT;
