import { Link } from "@remix-run/react";
import { t } from "~/i18n/participant";
import { Picto } from "./section";

/** The end of an information session: book the diagnostic appointment, in big words and one button. */
export function BookingOffer({ href }: { href: string }) {
  return (
    <section className="contribute-booking notice" aria-labelledby="contribute-booking-title" data-testid="booking-offer">
      <h2 id="contribute-booking-title">
        <Picto name="appointment" /> {t("appointments.phone.button")}
      </h2>
      <p>{t("appointments.phone.offer")}</p>
      <p>
        <Link to={href} className="button big" reloadDocument>
          {t("appointments.phone.button")}
        </Link>
      </p>
    </section>
  );
}
