import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOutPerson } from "~/auth/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await signOutPerson(context.db, request);
  return redirect("/espace/connexion?sortie=1", { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/espace");
}
