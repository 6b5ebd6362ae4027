import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { clearPersonCookie, PERSON_SESSION_IDLE_DAYS, PERSON_SESSION_MAX_DAYS, requirePerson } from "~/auth/auth.server";
import { PersonPage } from "~/diagnostic/person-nav";
import { formatDateTime, t, type MessageKey } from "~/i18n";
import { notFound, parseForm } from "~/lib/forms";
import { readForm } from "~/lib/request-body.server";
import { deviceName } from "~/space/device-name";
import { listDevices, signOutDevice, signOutEverywhere } from "~/space/devices.server";
import { deletePasskey, listPasskeys, renamePasskey } from "~/space/passkeys.server";
import { PasskeyRegister } from "~/space/passkey-register";
import { devicesActionSchema, PASSKEY_LABEL_MAX } from "~/space/space-forms.server";

export const meta: MetaFunction = () => [{ title: `${t("espace.nav.appareils")} · ${t("app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const person = await requirePerson(context.db, request);
  return {
    passkeys: await listPasskeys(context.db, person.id),
    devices: await listDevices(context.db, person.id, person.sessionId),
    suggestedLabel: deviceName(request.headers.get("User-Agent")) ?? t("espace.appareils.passkey.defaultLabel"),
    labelMax: PASSKEY_LABEL_MAX,
    // Server constants reach the page through its data: a *.server module is empty in the browser.
    lasts: { idle: PERSON_SESSION_IDLE_DAYS, max: PERSON_SESSION_MAX_DAYS },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const person = await requirePerson(context.db, request);
  const parsed = parseForm(devicesActionSchema, await readForm(request));
  if (!parsed.ok) {
    return data({ done: null, labelError: parsed.errors.label ?? null, passkeyId: parsed.values.passkeyId ?? null }, { status: 400 });
  }
  const input = parsed.data;
  if (input.intent === "signOutEverywhere") {
    await signOutEverywhere(context.db, person.id);
    return redirect("/espace/connexion?sortie=partout", { headers: { "Set-Cookie": await clearPersonCookie(request) } });
  }
  let done: boolean;
  if (input.intent === "signOut") done = await signOutDevice(context.db, person.id, input.sessionId);
  else if (input.intent === "delete") done = await deletePasskey(context.db, person.id, input.passkeyId);
  else done = await renamePasskey(context.db, person.id, input.passkeyId, input.label);
  if (!done) throw notFound();
  if (input.intent === "signOut" && input.sessionId === person.sessionId) {
    return redirect("/espace/connexion?sortie=1", { headers: { "Set-Cookie": await clearPersonCookie(request) } });
  }
  return { done: input.intent, labelError: null as MessageKey | null, passkeyId: null as string | null };
}

const METHOD: Record<string, MessageKey> = {
  code: "espace.appareils.method.code",
  passkey: "espace.appareils.method.passkey",
  link: "espace.appareils.method.link",
};

const DONE: Record<string, MessageKey> = {
  rename: "espace.appareils.passkey.renamed",
  delete: "espace.appareils.passkey.deleted",
  signOut: "espace.appareils.device.signedOut",
};

export default function MyDevices() {
  const { passkeys, devices, suggestedLabel, labelMax, lasts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <PersonPage title={t("espace.nav.appareils")} picto="signIn">
      <p role="status" className="person-status">
        {result?.done ? t(DONE[result.done] ?? "espace.appareils.device.signedOut") : ""}
      </p>
      <section aria-labelledby="passkeys-title">
        <h2 id="passkeys-title">{t("espace.appareils.passkeys.title")}</h2>
        <p>{t("espace.appareils.passkeys.intro")}</p>
        {passkeys.length === 0 ? (
          <p className="muted">{t("espace.appareils.passkeys.none")}</p>
        ) : (
          <ul className="card-list">
            {passkeys.map((passkey) => (
              <li key={passkey.id} className="card">
                <h3>{passkey.label}</h3>
                <p className="muted">
                  {t("espace.appareils.passkey.since", { date: formatDateTime(passkey.createdAt) })}{" "}
                  {passkey.lastUsedAt ? t("espace.appareils.passkey.lastUsed", { date: formatDateTime(passkey.lastUsedAt) }) : null}
                </p>
                <Form method="post" className="stack" noValidate>
                  <input type="hidden" name="passkeyId" value={passkey.id} />
                  <RenameField
                    id={`label-${passkey.id}`}
                    label={t("espace.appareils.passkey.rename.label", { name: passkey.label })}
                    defaultValue={passkey.label}
                    maxLength={labelMax}
                    error={result?.passkeyId === passkey.id ? result.labelError : null}
                  />
                  <div className="actions">
                    <button type="submit" name="intent" value="rename" className="button secondary" disabled={busy}>
                      {t("espace.appareils.passkey.rename")}
                    </button>
                    <button
                      type="submit"
                      name="intent"
                      value="delete"
                      className="button secondary"
                      disabled={busy}
                      aria-label={t("espace.appareils.passkey.delete.named", { name: passkey.label })}
                    >
                      {t("espace.appareils.passkey.delete")}
                    </button>
                  </div>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <h3>{t("espace.appareils.passkey.addTitle")}</h3>
        <PasskeyRegister suggestedLabel={suggestedLabel} labelMax={labelMax} />
      </section>
      <section aria-labelledby="devices-title">
        <h2 id="devices-title">{t("espace.appareils.devices.title")}</h2>
        <p>{t("espace.appareils.devices.duration", lasts)}</p>
        <ul className="card-list">
          {devices.map((device) => (
            <li key={device.id} className="card">
              <h3>
                {device.device ?? t("espace.appareils.device.unknown")}
                {device.current ? <> · {t("espace.appareils.device.current")}</> : null}
              </h3>
              <p className="muted">
                {t(METHOD[device.method] ?? "espace.appareils.method.code")}{" "}
                {t("espace.appareils.device.lastSeen", { date: formatDateTime(device.lastSeenAt ?? device.createdAt) })}
              </p>
              <Form method="post">
                <input type="hidden" name="sessionId" value={device.id} />
                <button
                  type="submit"
                  name="intent"
                  value="signOut"
                  className="button secondary"
                  disabled={busy}
                  aria-label={t("espace.appareils.device.signOut.named", { name: device.device ?? t("espace.appareils.device.unknown") })}
                >
                  {t("espace.appareils.device.signOut")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post">
          <button type="submit" name="intent" value="signOutEverywhere" className="button" disabled={busy}>
            {t("espace.appareils.signOutEverywhere")}
          </button>
        </Form>
      </section>
    </PersonPage>
  );
}

/** A passkey's name, one per card: the ids are the passkey's, so that several cards keep their labels apart. */
function RenameField({
  id,
  label,
  defaultValue,
  maxLength,
  error,
}: {
  id: string;
  label: string;
  defaultValue: string;
  maxLength: number;
  error: MessageKey | null;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {error ? (
        <p className="error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
      <input
        type="text"
        id={id}
        name="label"
        defaultValue={defaultValue}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
    </div>
  );
}
