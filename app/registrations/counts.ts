// The one definition of each count about who registered and who came. The registrations page, the
// report (page, PDF, Markdown) and the attendance sheet all count through here, so that "inscrites"
// means the same everywhere: a cancelled registration is counted as cancelled and nowhere else.
import { t } from "../i18n/index.js";

export interface RegistrationFacts {
  status: string;
  attendance: string | null;
}

export interface RegistrationCounts {
  /** Holding a seat (status "registered"); neither the waiting list nor the cancelled. */
  registered: number;
  waiting: number;
  cancelled: number;
  /** Attendance as marked by the facilitator, among registrations not cancelled. */
  present: number;
  absent: number;
  excused: number;
}

/** Whether a registration still counts for the session (seated or waiting). */
export function isActiveRegistration(registration: { status: string }): boolean {
  return registration.status === "registered" || registration.status === "waiting";
}

/** The attendance that counts: none for a cancelled registration, whatever was marked before. */
export function countedAttendance(registration: RegistrationFacts): string | null {
  return isActiveRegistration(registration) ? registration.attendance : null;
}

export function countRegistrations(registrations: readonly RegistrationFacts[]): RegistrationCounts {
  const withStatus = (status: string) => registrations.filter((registration) => registration.status === status).length;
  const marked = (attendance: string) => registrations.filter((registration) => countedAttendance(registration) === attendance).length;
  return {
    registered: withStatus("registered"),
    waiting: withStatus("waiting"),
    cancelled: withStatus("cancelled"),
    present: marked("present"),
    absent: marked("absent"),
    excused: marked("excused"),
  };
}

/** The report's participation lines, the same on its page, in its PDF and in its Markdown. */
export function participationLines(counts: RegistrationCounts & { joinedBoard: number }): string[] {
  return [
    t("report.attendance.registered", { count: counts.registered }),
    t("report.attendance.waiting", { count: counts.waiting }),
    t("report.attendance.cancelled", { count: counts.cancelled }),
    t("report.attendance.present", { count: counts.present }),
    t("report.attendance.absent", { count: counts.absent }),
    t("report.attendance.excused", { count: counts.excused }),
    t("report.attendance.joined", { count: counts.joinedBoard }),
  ];
}
