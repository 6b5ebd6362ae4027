// A member of the person's structure names her referent (or none: the structure follows her).
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireProfessional } from "~/auth/auth.server";
import { t } from "~/i18n";
import { notFound, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";
import { setReferent } from "~/space/referent.server";
import { referentSchema } from "~/space/space-forms.server";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const personId = params.personId ?? "";
  const parsed = parseForm(referentSchema, await readForm(request));
  // Who may set it is decided before what was sent is looked at: a stranger always gets 404.
  if (!parsed.ok) {
    if ((await setReferent(context.db, user.id, personId, user.id, { dryRun: true })) === "not-found") throw notFound();
    return refused();
  }
  const result = await setReferent(context.db, user.id, personId, parsed.data.referentUserId || null);
  if (result === "not-found") throw notFound();
  if (result === "not-a-member") return refused();
  return redirect(`/people/${encodeURIComponent(personId)}?referent=1`);
}

function refused(): Response {
  return new Response(t("pro.referent.refused"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function loader({ params }: ActionFunctionArgs) {
  return redirect(`/people/${encodeURIComponent(params.personId ?? "")}`);
}
