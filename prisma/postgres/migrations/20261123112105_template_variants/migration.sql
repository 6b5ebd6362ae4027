-- CreateTable
CREATE TABLE "WorkshopTemplateVariant" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "baseTemplateId" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkshopTemplateVariant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkshopTemplateVariant_organizationId_idx" ON "WorkshopTemplateVariant"("organizationId");

-- AddForeignKey
ALTER TABLE "WorkshopTemplateVariant" ADD CONSTRAINT "WorkshopTemplateVariant_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkshopTemplateVariant" ADD CONSTRAINT "WorkshopTemplateVariant_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
