import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOutProfessional } from "~/auth/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await signOutProfessional(context.db, request);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/");
}
