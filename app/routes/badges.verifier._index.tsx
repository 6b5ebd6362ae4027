// The public verification page: anyone (an employer) pastes or uploads a badge and reads whether it
// is genuine. No sign-in; nothing of what is checked is kept.
import { randomUUID } from "node:crypto";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { credentialFromForm } from "~/badges/verify-form.server";
import { badgeOrigin } from "~/badges/issuing.server";
import { VerificationAnswer } from "~/badges/verification-answer";
import { verifyCredentialText } from "~/badges/verification.server";
import { t } from "~/i18n";
import { TextAreaField } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: `${t("badges.verify.title")} · ${t("app.name")}` }];

export async function action({ request, context }: ActionFunctionArgs) {
  const read = await credentialFromForm(request);
  if (!read.ok) return data({ error: read.error, result: null, answer: randomUUID() }, { status: 400 });
  const result = await verifyCredentialText(context.db, badgeOrigin(request, context), read.text);
  // Each answer empties the form (a new key): the next check is of what is given next, not of the file still chosen.
  return { error: null, result, answer: randomUUID() };
}

export default function VerifyBadge() {
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="page narrow stack">
      <h1>{t("badges.verify.title")}</h1>
      <p>{t("badges.verify.intro")}</p>
      <div role="status">{answer?.result ? <VerificationAnswer result={answer.result} /> : null}</div>
      <Form key={answer?.answer ?? "first"} method="post" encType="multipart/form-data" className="stack card" noValidate>
        <div className="field">
          <label htmlFor="file">{t("badges.verify.file")}</label>
          <input id="file" name="file" type="file" accept=".json,application/json,application/ld+json" />
        </div>
        <TextAreaField
          name="credential"
          label={t("badges.verify.paste")}
          hint={t("badges.verify.pasteHint")}
          rows={6}
          error={answer?.error ?? undefined}
        />
        <button type="submit" className="button" disabled={busy}>
          {t("badges.verify.submit")}
        </button>
      </Form>
    </div>
  );
}
