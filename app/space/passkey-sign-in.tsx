import { useNavigate } from "@remix-run/react";
import { useEffect, useState } from "react";
import { t } from "~/i18n";
import { browserSupportsWebAuthn, signInWithPasskeyInBrowser } from "./passkey-client";

/** "Entrer avec mon empreinte…": shown once the page runs and only where the browser knows passkeys. */
export function PasskeySignIn() {
  const navigate = useNavigate();
  const [supported, setSupported] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setSupported(browserSupportsWebAuthn()), []);
  if (!supported) return null;
  async function signIn() {
    setBusy(true);
    setProblem(null);
    const result = await signInWithPasskeyInBrowser();
    setBusy(false);
    if (result.ok) navigate("/espace");
    else setProblem(result.cancelled ? t("espace.connexion.passkey.cancelled") : (result.message ?? t("espace.connexion.passkey.failed")));
  }
  return (
    <section aria-labelledby="passkey-sign-in-title" className="stack">
      <h2 id="passkey-sign-in-title">{t("espace.connexion.passkey.title")}</h2>
      <p>{t("espace.connexion.passkey.intro")}</p>
      {problem ? (
        <p className="error-summary" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="button" className="button" onClick={() => void signIn()} disabled={busy}>
        {t("espace.connexion.passkey.submit")}
      </button>
    </section>
  );
}
