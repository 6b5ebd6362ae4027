import { formatDay, t } from "~/i18n";
import type { VerificationResult } from "./verification.server";

/** The verification's answer in plain words: valid, or why not. */
export function VerificationAnswer({ result }: { result: VerificationResult }) {
  return (
    <section
      aria-labelledby="verification-title"
      className={`card badge-verdict ${result.valid ? "badge-valid" : "badge-invalid"}`}
      data-testid="badge-verdict"
    >
      <h2 id="verification-title">{result.valid ? t("badges.verify.valid") : t("badges.verify.invalid")}</h2>
      {result.problem ? <p>{t(`badges.verify.problem.${result.problem}`)}</p> : <p>{t("badges.verify.validExplain")}</p>}
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
