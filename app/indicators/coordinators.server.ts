// A structure's admins name who coordinates their territory's network (issue 16.3): that
// professional then sees the structure's indicators, in aggregate, on /reseau/indicateurs with the
// other structures that named them. Naming needs nothing from the person named but an account.
import { z } from "zod";
import type { Db } from "../../prisma/db.js";
import { constraintsOf, dispatchIntent, parseForm, type FieldErrors, type FormValues } from "../lib/forms.js";

export const coordinatorFormSchema = z.object({
  email: z.string().trim().toLowerCase().max(254, "coordinators.error.email").pipe(z.email("coordinators.error.email")),
});
export const coordinatorFields = constraintsOf(coordinatorFormSchema);

export function listCoordinators(db: Db, structureId: string) {
  return db.networkCoordinator.findMany({
    where: { structureId },
    orderBy: { createdAt: "asc" },
    select: { userId: true, createdAt: true, user: { select: { displayName: true, email: true } } },
  });
}

export type CoordinationAnswer =
  | { status: 200; done: "added"; name: string }
  | { status: 200; done: "removed" }
  | { status: 400; errors: FieldErrors; values: FormValues };

/** Names or removes a coordinator from the page's form (intent "add" or "remove"). */
export async function answerCoordinationForm(db: Db, adminId: string, structureId: string, form: FormData): Promise<CoordinationAnswer> {
  return dispatchIntent(form, {
    add: async (): Promise<CoordinationAnswer> => {
      const parsed = parseForm(coordinatorFormSchema, form);
      if (!parsed.ok) return { status: 400, errors: parsed.errors, values: parsed.values };
      const user = await db.user.findUnique({ where: { email: parsed.data.email }, select: { id: true, displayName: true } });
      if (!user) return { status: 400, errors: { email: "coordinators.error.unknown" }, values: parsed.values };
      const existing = await db.networkCoordinator.findUnique({ where: { structureId_userId: { structureId, userId: user.id } } });
      if (existing) return { status: 400, errors: { email: "coordinators.error.already" }, values: parsed.values };
      await db.networkCoordinator.create({ data: { structureId, userId: user.id, grantedById: adminId } });
      return { status: 200, done: "added", name: user.displayName };
    },
    remove: async (): Promise<CoordinationAnswer> => {
      const userId = form.get("userId");
      if (typeof userId === "string") await db.networkCoordinator.deleteMany({ where: { structureId, userId } });
      return { status: 200, done: "removed" };
    },
  });
}
