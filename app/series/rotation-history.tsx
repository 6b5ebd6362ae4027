import { formatDay, t, type MessageKey } from "~/i18n";

const STATUS_LABEL: Record<string, MessageKey> = {
  proposed: "series.status.proposed",
  accepted: "series.status.accepted",
  passed: "series.status.passed",
};

type Proposal = { id: string; structureName: string; status: string; createdAt: string | Date; decidedAt: string | Date | null };

/** Every request to host, with its answer: a structure that passed is shown, never silently skipped. */
export function RotationHistory({ proposals }: { proposals: Proposal[] }) {
  if (proposals.length === 0) return null;
  return (
    <>
      <h3>{t("series.history.title")}</h3>
      <ol className="series-history" data-testid="series-history">
        {proposals.map((proposal) => (
          <li key={proposal.id}>
            <strong>{proposal.structureName}</strong> — {t(STATUS_LABEL[proposal.status] ?? "series.status.proposed")}
            <span className="muted"> ({formatDay(proposal.decidedAt ?? proposal.createdAt)})</span>
          </li>
        ))}
      </ol>
    </>
  );
}
