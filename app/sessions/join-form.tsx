import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import type { joinAction } from "~/sessions/join.server";
import { t } from "~/i18n/participant";
import { Picto } from "../ui/pictograms";
import { ErrorSummary, TextField } from "../ui/fields";
import { JOIN_CODE_TYPED_MAX, JOIN_NAME_MAX } from "./join-fields";
import type { LightHandle } from "~/lib/light/island";

/**
 * The join pages' `handle`: light pages (decision 024) that run no script file, only root's inline
 * one; the form is posted by the browser, and the phone screen's script comes down while the person types.
 */
export const JOIN_PAGE_HANDLE: LightHandle = { light: { preload: "phone" } };

/**
 * Code and pseudonym, and what we keep: the participant's only form. `notice` says why a participant
 * was sent back here; `problem` is a refusal that is not about one field (too many tries, ended, full);
 * `keptFor` says how long, from the retention policy of the session's structure (app/privacy/notice.ts).
 */
export function JoinForm(props: { code?: string; sessionTitle?: string; notice?: string; problem?: string; keptFor?: string[] }) {
  const { code, sessionTitle, notice, keptFor = [] } = props;
  const answer = useActionData<typeof joinAction>();
  const result = answer;
  const errors = result?.errors ?? {};
  const fromAction = result && "problem" in result ? result.problem : undefined;
  const problem = typeof fromAction === "string" ? fromAction : props.problem;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <div className="page narrow">
      <h1>{t("join.title")}</h1>
      {notice ? (
        <p className="notice" data-testid="join-notice">
          {notice}
        </p>
      ) : null}
      {problem ? (
        <p className="notice" role="alert" data-testid="join-problem">
          {problem}
        </p>
      ) : null}
      {sessionTitle ? <p>{t("join.session", { title: sessionTitle })}</p> : null}
      <Form method="post" className="stack" noValidate>
        <ErrorSummary show={Object.keys(errors).length > 0} />
        <TextField
          name="code"
          label={t("join.code")}
          hint={t("join.code.hint")}
          error={errors.code && t(errors.code)}
          defaultValue={result?.values.code ?? code}
          className="code-input"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={JOIN_CODE_TYPED_MAX}
          required
        />
        <TextField
          name="displayName"
          label={t("join.name")}
          hint={t("join.name.hint")}
          error={errors.displayName && t(errors.displayName)}
          defaultValue={result?.values.displayName}
          autoComplete="given-name"
          maxLength={JOIN_NAME_MAX}
          required
        />
        <div className="join-choice" role="group" aria-labelledby="join-choice-title" aria-describedby="join-choice-help">
          <h2 id="join-choice-title">{t("contribute.join.choice")}</h2>
          <p id="join-choice-help" className="hint">
            {t("contribute.join.help")}
          </p>
          {/* The first submit button is the one Enter presses: the simple phone screen. */}
          <button type="submit" name="view" value="phone" className="button wide" disabled={busy}>
            <Picto name="write" />
            {t("contribute.join.phone")}
          </button>
          <button type="submit" name="view" value="board" className="button secondary wide" disabled={busy}>
            <Picto name="board" />
            {t("contribute.join.board")}
          </button>
        </div>
      </Form>
      {/* After the buttons: the way in comes first; what we keep, in short plain sentences (FALC). */}
      <section className="notice join-privacy" aria-labelledby="ce-que-nous-gardons" data-testid="join-privacy">
        <h2 id="ce-que-nous-gardons">{t("join.privacy.title")}</h2>
        <ul>
          {PRIVACY_LINES.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
          {keptFor.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p>
          <Link to="/confidentialite">{t("join.privacy.more")}</Link>
        </p>
      </section>
    </div>
  );
}

const PRIVACY_LINES = ["join.privacy.name", "join.privacy.cards", "join.privacy.who", "join.privacy.file", "join.privacy.account"] as const;

/** A session that no longer takes anyone in, to someone who took part in it. */
export function JoinClosed() {
  return (
    <div className="page narrow">
      <h1>{t("join.closed.title")}</h1>
      <p className="notice" role="status" data-testid="join-closed">
        {t("join.closed.text")}
      </p>
      <p>
        <Link to="/join">{t("join.closed.other")}</Link>
      </p>
    </div>
  );
}
