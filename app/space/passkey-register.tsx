import { useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { t } from "~/i18n";
import { TextField } from "~/ui/form";
import { browserSupportsWebAuthn, registerPasskeyInBrowser } from "./passkey-client";

/** Registers this phone as a way in: a name for it, then the phone's own fingerprint or screen-lock prompt. */
export function PasskeyRegister({ suggestedLabel, labelMax }: { suggestedLabel: string; labelMax: number }) {
  const revalidator = useRevalidator();
  const [supported, setSupported] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setSupported(browserSupportsWebAuthn()), []);
  if (supported === false) return <p>{t("espace.appareils.passkey.unsupported")}</p>;
  async function register(form: HTMLFormElement) {
    const label = new FormData(form).get("label");
    setBusy(true);
    setProblem(null);
    setStatus("");
    const result = await registerPasskeyInBrowser(typeof label === "string" ? label : "");
    setBusy(false);
    if (result.ok) {
      setStatus(t("espace.appareils.passkey.saved"));
      revalidator.revalidate();
    } else {
      setProblem(result.cancelled ? t("espace.appareils.passkey.cancelled") : (result.message ?? t("espace.appareils.passkey.failed")));
    }
  }
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void register(event.currentTarget);
      }}
    >
      <p role="status" className="person-status">
        {status}
      </p>
      {problem ? (
        <p className="error-summary" role="alert">
          {problem}
        </p>
      ) : null}
      <TextField
        name="label"
        label={t("espace.appareils.passkey.label")}
        hint={t("espace.appareils.passkey.label.hint")}
        defaultValue={suggestedLabel}
        maxLength={labelMax}
      />
      <button type="submit" className="button" disabled={busy || supported !== true}>
        {t("espace.appareils.passkey.add")}
      </button>
    </form>
  );
}
