// The phone screen as its route shows it (open or closed), apart from the route module so that the
// light entry (phone.light.tsx, docs/decisions/024) hydrates exactly what the server rendered.
import { ClosedSessionScreen } from "./closed-session";
import { ContributionScreen } from "./contribution-screen";
import type { phoneScreen } from "./phone-screen.server";

export type PhoneScreenData = Awaited<ReturnType<typeof phoneScreen>>;

/** Closed: nothing to write any more (and no board connection), but proposals can still be answered. */
export function PhonePage({ data }: { data: PhoneScreenData }) {
  const { closed, ...screen } = data;
  if (closed) {
    const booking = screen.phases.some((phase) => phase.booking) ? `/rdv/atelier/${screen.sessionId}` : null;
    return <ClosedSessionScreen title={screen.title} proposals={screen.proposals} bookingHref={booking} />;
  }
  return <ContributionScreen {...screen} />;
}
