import { t } from "~/i18n/participant";
import type { ProposalView } from "~/diagnostic/closing/closing.server";
import { ProposalsPanel } from "./proposals";
import { BookingOffer } from "./booking-offer";

/** The phone screen of a closed session: it says so, and the person can still answer proposals. */
export function ClosedSessionScreen({
  title,
  proposals,
  bookingHref = null,
}: {
  title: string;
  proposals: ProposalView[];
  /** Its agenda ends with booking a diagnostic appointment: still offered once it is closed. */
  bookingHref?: string | null;
}) {
  return (
    <div className="page narrow contribute">
      <h1>{title}</h1>
      <p className="notice" role="status" data-testid="contribute-closed">
        {t("contribute.closed")}
      </p>
      {bookingHref ? <BookingOffer href={bookingHref} /> : null}
      <ProposalsPanel proposals={proposals} />
    </div>
  );
}
