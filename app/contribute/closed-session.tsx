import { t } from "~/i18n";
import type { ProposalView } from "~/diagnostic/closing/closing.server";
import { ProposalsPanel } from "./proposals";

/** The phone screen of a closed session: it says so, and the person can still answer proposals. */
export function ClosedSessionScreen({ title, proposals }: { title: string; proposals: ProposalView[] }) {
  return (
    <div className="page narrow contribute">
      <h1>{title}</h1>
      <p className="notice" role="status" data-testid="contribute-closed">
        {t("contribute.closed")}
      </p>
      <ProposalsPanel proposals={proposals} />
    </div>
  );
}
