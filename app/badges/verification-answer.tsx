import { formatDay, t, type MessageKey } from "~/i18n";
import type { VerificationProblem, VerificationResult } from "./verification.server";

/** Why not, in plain words. */
const PROBLEM: Record<VerificationProblem, MessageKey> = {
  unreadable: "badges.verify.problem.unreadable",
  notBadge: "badges.verify.problem.notBadge",
  otherIssuer: "badges.verify.problem.otherIssuer",
  signature: "badges.verify.problem.signature",
  notYetValid: "badges.verify.problem.notYetValid",
  expired: "badges.verify.problem.expired",
  withdrawn: "badges.verify.problem.withdrawn",
  revoked: "badges.verify.problem.revoked",
};

/** The verification's answer in plain words: valid, or why not. */
export function VerificationAnswer({ result }: { result: VerificationResult }) {
  return (
    <section
      aria-labelledby="verification-title"
      className={`card badge-verdict ${result.valid ? "badge-valid" : "badge-invalid"}`}
      data-testid="badge-verdict"
    >
      <h2 id="verification-title">{result.valid ? t("badges.verify.valid") : t("badges.verify.invalid")}</h2>
      {result.problem ? <p>{t(PROBLEM[result.problem])}</p> : <p>{t("badges.verify.validExplain")}</p>}
      {result.revoked ? (
        <p>
          {t("badges.verify.revokedOn", { date: formatDay(result.revoked.at) })}{" "}
          {result.revoked.reason ? t("badges.verify.revokedReason", { reason: result.revoked.reason }) : null}
        </p>
      ) : null}
      {result.badge ? (
        <dl className="badge-facts">
          <dt>{t("badges.verify.badge")}</dt>
          <dd>{result.badge.name}</dd>
          {result.badge.description ? (
            <>
              <dt>{t("badges.verify.description")}</dt>
              <dd>{result.badge.description}</dd>
            </>
          ) : null}
          <dt>{t("badges.verify.issuer")}</dt>
          <dd>{result.badge.issuer}</dd>
          {result.badge.validFrom ? (
            <>
              <dt>{t("badges.verify.since")}</dt>
              <dd>{formatDay(result.badge.validFrom)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </section>
  );
}
