// A one-time code that opens the person's personal space, shown once, in large letters, with how
// to use it. Only its hash is stored (sign-in-codes.server.ts).
import { Form } from "@remix-run/react";
import { t } from "~/i18n";
import { formatTime } from "./pro-format";

interface Props {
  created: { code: string; expiresAt: Date | string } | null;
  signInUrl: string;
  busy: boolean;
}

export function ProSignInCode({ created, signInUrl, busy }: Props) {
  return (
    <section aria-labelledby="pro-code-title" className="card">
      <h2 id="pro-code-title">{t("pro.code.title")}</h2>
      <p>{t("pro.code.intro")}</p>
      {created ? (
        <div role="status" data-testid="pro-sign-in-code">
          <p>{t("pro.code.label")} :</p>
          {/* Read out letter by letter: a code is not a word. */}
          <p className="join-code pro-code" aria-hidden="true" data-testid="pro-code-value">
            {created.code}
          </p>
          <p className="visually-hidden">{created.code.split("").join(" ")}</p>
          <p>{t("pro.code.expires", { time: formatTime(created.expiresAt) })}</p>
          <p>{t("pro.code.howto", { url: signInUrl })}</p>
        </div>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="code" />
        <button type="submit" className="button secondary" disabled={busy}>
          {t("pro.code.create")}
        </button>
      </Form>
    </section>
  );
}
