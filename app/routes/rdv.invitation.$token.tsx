// Through a link a professional sent: book one of the structure's times (once; the link expires).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SLOT_PURPOSES, usableInvite } from "~/appointments/appointments.server";
import { bookingAction, messageOriginOf, pickerFor } from "~/appointments/booking-page.server";
import { BookingPicker } from "~/appointments/booking-picker";
import { t } from "~/i18n";
import { readForm } from "~/lib/request-body.server";

// The token in the address is a secret: no page it leads to learns it, and no search engine keeps it.
export const meta: MetaFunction = () => [
  { title: `${t("appointments.book.title")} · ${t("app.name")}` },
  { name: "referrer", content: "no-referrer" },
  { name: "robots", content: "noindex, nofollow" },
];

/** An unknown, expired or used link: one plain page saying so (410), nothing about why. */
function spent(): Response {
  return new Response(t("appointments.invite.spent"), { status: 410, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const invite = await usableInvite(context.db, params.token ?? "");
  if (!invite) throw spent();
  const structure = await context.db.structure.findUnique({ where: { id: invite.structureId }, select: { name: true } });
  return {
    structure: structure?.name ?? "",
    name: invite.personName ?? "",
    picker: await pickerFor(context.db, invite.structureId, SLOT_PURPOSES, request),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const invite = await usableInvite(context.db, params.token ?? "");
  if (!invite) throw spent();
  return bookingAction(
    context.db,
    await readForm(request),
    { structureId: invite.structureId, purposes: SLOT_PURPOSES, via: "link", personId: invite.personId, inviteId: invite.id },
    messageOriginOf(request, context.publicOrigin),
  );
}

export default function BookFromLink() {
  const { structure, name, picker } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <div className="page narrow booking-page">
      <h1>{t("appointments.book.title")}</h1>
      <p>{t("appointments.book.intro", { structure })}</p>
      <BookingPicker picker={picker} problem={answer?.problem} ask={{ name }} values={answer?.values} errors={answer?.errors} />
    </div>
  );
}
