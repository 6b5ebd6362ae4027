// A professional publishes times (one, or a morning cut into slots), withdraws one (a booked one is
// cancelled and the person told), and makes a link to send someone so that they book.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireProfessional } from "~/auth/auth.server";
import { createInvite, publishSlots, upcomingSlots, withdrawSlot } from "~/appointments/appointments.server";
import { INVITE_VALID_DAYS, MAX_SLOTS_AT_ONCE } from "~/appointments/kinds";
import { proActionSchema, publishSchema } from "~/appointments/appointment-forms.server";
import { originOf } from "~/appointments/booking-page.server";
import { modeWords } from "~/appointments/booking-picker";
import { formatDateTime, t, type MessageKey } from "~/i18n";
import { badRequest, constraintsOf, notFound, parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { todayInParis } from "~/lib/paris-dates";
import { readForm } from "~/lib/request-body.server";
import { CopyButton } from "~/ui/copy-button";
import { SelectField, TextField, ErrorSummary } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: `${t("appointments.slots.title")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const slots = await upcomingSlots(context.db, user.id);
  const structures = user.memberships.map((membership) => membership.structure);
  const people = await context.db.person.findMany({
    where: { structureId: { in: structures.map((structure) => structure.id) } },
    orderBy: { displayName: "asc" },
    take: 500,
    select: { id: true, displayName: true },
  });
  return {
    today: todayInParis(),
    structures,
    people,
    fields: constraintsOf(publishSchema),
    slots: slots.map((slot) => ({ ...slot, startsAt: slot.startsAt.toISOString() })),
  };
}

type Answer = {
  errors?: FieldErrors;
  values?: FormValues;
  published?: number;
  withdrawn?: boolean;
  invite?: { link: string; expiresAt: string };
};

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireProfessional(context.db, request);
  const form = await readForm(request);
  if (form.get("intent") === "publish") {
    const parsed = parseForm(publishSchema, form);
    if (!parsed.ok) return data<Answer>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
    const result = await publishSlots(context.db, user.id, parsed.data);
    if (!result.ok) {
      if (result.error === "not-member") throw notFound();
      return data<Answer>({ errors: { day: "appointments.error.past" }, values: parsed.values }, { status: 400 });
    }
    return data<Answer>({ published: result.count });
  }
  const parsed = parseForm(proActionSchema, form);
  if (!parsed.ok) throw badRequest();
  const input = parsed.data;
  if (input.intent === "withdraw") {
    if (!(await withdrawSlot(context.db, user.id, input.slotId))) throw notFound();
    return data<Answer>({ withdrawn: true });
  }
  if (input.intent === "invite") {
    const invite = await createInvite(context.db, user.id, input.structureId, input.personId || null);
    if (!invite) throw notFound();
    const link = `${originOf(request, context.publicOrigin)}/rdv/invitation/${invite.token}`;
    return data<Answer>({ invite: { link, expiresAt: invite.expiresAt.toISOString() } });
  }
  throw badRequest();
}

const MODES: { value: string; label: MessageKey }[] = [
  { value: "place", label: "appointments.mode.place" },
  { value: "phone", label: "appointments.mode.phone" },
  { value: "video", label: "appointments.mode.video" },
];

export default function Slots() {
  const { today, structures, people, fields, slots } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = answer?.errors ?? {};
  const values = answer?.values ?? {};
  return (
    <div className="page narrow appointments-slots">
      <p>
        <Link to="/rendez-vous">{t("appointments.slots.back")}</Link>
      </p>
      <h1>{t("appointments.slots.title")}</h1>
      <p role="status" className="notice ok">
        {answer?.published
          ? t("appointments.slots.published", { count: answer.published })
          : answer?.withdrawn
            ? t("appointments.slots.withdrawn")
            : ""}
      </p>
      <section aria-labelledby="publish-title">
        <h2 id="publish-title">{t("appointments.slots.publish")}</h2>
        <Form method="post" noValidate>
          <ErrorSummary show={Object.keys(errors).length > 0} />
          <input type="hidden" name="intent" value="publish" />
          {structures.length > 1 ? (
            <SelectField
              {...fields.structureId}
              label={t("appointments.slots.structure")}
              options={structures.map((structure) => ({ value: structure.id, label: structure.name }))}
              defaultValue={values.structureId}
            />
          ) : (
            <input type="hidden" name="structureId" value={structures[0]?.id ?? ""} />
          )}
          <TextField
            {...fields.day}
            type="date"
            min={today}
            label={t("appointments.slots.day")}
            defaultValue={values.day}
            error={errors.day}
          />
          <TextField
            {...fields.time}
            type="time"
            label={t("appointments.slots.time")}
            hint={t("appointments.slots.timeHint")}
            defaultValue={values.time ?? "09:00"}
            error={errors.time}
          />
          <TextField
            {...fields.minutes}
            label={t("appointments.slots.minutes")}
            defaultValue={values.minutes ?? "45"}
            error={errors.minutes}
          />
          <TextField
            {...fields.count}
            label={t("appointments.slots.count")}
            hint={t("appointments.slots.countHint", { max: MAX_SLOTS_AT_ONCE })}
            defaultValue={values.count ?? "1"}
            error={errors.count}
          />
          <TextField {...fields.gap} label={t("appointments.slots.gap")} defaultValue={values.gap ?? "0"} error={errors.gap} />
          <SelectField
            {...fields.mode}
            label={t("appointments.slots.mode")}
            options={MODES.map((mode) => ({ value: mode.value, label: t(mode.label) }))}
            defaultValue={values.mode ?? "place"}
            error={errors.mode}
          />
          <TextField
            {...fields.location}
            label={t("appointments.slots.location")}
            hint={t("appointments.slots.locationHint")}
            defaultValue={values.location}
            error={errors.location}
          />
          <SelectField
            {...fields.purpose}
            label={t("appointments.slots.purpose")}
            options={[
              { value: "diagnostic", label: t("appointments.purpose.diagnostic") },
              { value: "follow_up", label: t("appointments.purpose.follow_up") },
            ]}
            defaultValue={values.purpose ?? "diagnostic"}
            error={errors.purpose}
          />
          <button type="submit" className="button" disabled={busy}>
            {t("appointments.slots.publishButton")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="invite-title">
        <h2 id="invite-title">{t("appointments.invite.title")}</h2>
        <p>{t("appointments.invite.intro", { days: INVITE_VALID_DAYS })}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="invite" />
          {structures.length > 1 ? (
            <SelectField
              name="structureId"
              label={t("appointments.slots.structure")}
              options={structures.map((structure) => ({ value: structure.id, label: structure.name }))}
            />
          ) : (
            <input type="hidden" name="structureId" value={structures[0]?.id ?? ""} />
          )}
          <SelectField
            name="personId"
            label={t("appointments.invite.person")}
            options={[
              { value: "", label: t("appointments.invite.anyone") },
              ...people.map((person) => ({ value: person.id, label: person.displayName })),
            ]}
          />
          <button type="submit" className="button secondary" disabled={busy}>
            {t("appointments.invite.create")}
          </button>
        </Form>
        {answer?.invite ? (
          <div className="notice ok" data-testid="invite-link">
            <p>{t("appointments.invite.created", { date: formatDateTime(answer.invite.expiresAt) })}</p>
            <p className="break-anywhere">{answer.invite.link}</p>
            <CopyButton text={answer.invite.link} label={t("appointments.invite.copy")} copiedLabel={t("registrations.copied")} />
          </div>
        ) : null}
      </section>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">{t("appointments.slots.upcoming")}</h2>
        {slots.length === 0 ? <p>{t("appointments.slots.none")}</p> : null}
        <ul className="appointment-list" data-testid="slots">
          {slots.map((slot) => (
            <li key={slot.id} className="card">
              <p>
                <strong>{formatDateTime(slot.startsAt)}</strong> · {t("appointments.minutes", { minutes: slot.durationMinutes })} ·{" "}
                {modeWords(slot.mode)}
                {slot.location ? ` · ${slot.location}` : ""}
                <br />
                {slot.bookedBy ? t("appointments.slots.bookedBy", { name: slot.bookedBy }) : t("appointments.slots.free")}
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="withdraw" />
                <input type="hidden" name="slotId" value={slot.id} />
                <button type="submit" className="button small secondary" disabled={busy}>
                  {t(slot.bookedBy ? "appointments.slots.withdrawBooked" : "appointments.slots.withdraw")}
                  <span className="visually-hidden"> {formatDateTime(slot.startsAt)}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
