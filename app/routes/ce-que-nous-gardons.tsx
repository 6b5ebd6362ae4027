import { redirect } from "@remix-run/node";

/** The join notice's former "more" page: its text is now part of the full privacy page. */
export function loader() {
  return redirect("/confidentialite", 301);
}
