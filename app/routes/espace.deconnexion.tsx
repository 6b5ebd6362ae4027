import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endPersonSession } from "~/auth/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await endPersonSession(context.db, request);
  return redirect("/espace/connexion?sortie=1", { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/espace");
}
