/*
  Warnings:

  - A unique constraint covering the columns `[token]` on the table `Registration` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "Registration" ADD COLUMN "promotedAt" DATETIME;
ALTER TABLE "Registration" ADD COLUMN "token" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Registration_token_key" ON "Registration"("token");
