import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireProfessional } from "~/auth/auth.server";
import { readForm } from "~/lib/request-body.server";
import { saveAccompaniment } from "~/privacy/accompaniment.server";

/** The end of a person's accompaniment, posted from her page (app/privacy/accompaniment-end.tsx). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const personId = params.personId ?? "";
  const { status, ...answer } = await saveAccompaniment(context.db, user.id, personId, await readForm(request));
  if (status !== 200) return data(answer, { status });
  return redirect(`/people/${encodeURIComponent(personId)}`);
}

/** Only posted to: opening it shows the person's page. */
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/people/${encodeURIComponent(params.personId ?? "")}`);
}
