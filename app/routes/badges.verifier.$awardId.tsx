// One of our badges checked by its link (the credential's id): anyone may open it. It says
// whether the badge is genuine and still recognised; not whose it is (the holder is named in her file).
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { badgeOrigin } from "~/badges/issuing.server";
import { VerificationAnswer } from "~/badges/verification-answer";
import { verifyAward } from "~/badges/verification.server";
import { t } from "~/i18n";

export const meta: MetaFunction = () => [
  { title: `${t("badges.verify.title")} · ${t("app.name")}` },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const result = await verifyAward(context.db, badgeOrigin(request, context), params.awardId ?? "");
  if (!result) return data({ result: null }, { status: 404 });
  return { result };
}

export default function VerifyBadgeByLink() {
  const { result } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow stack">
      <h1>{t("badges.verify.title")}</h1>
      {result ? <VerificationAnswer result={result} /> : <p className="notice">{t("badges.verify.unknown")}</p>}
      <p className="muted">{t("badges.verify.byLinkNote")}</p>
      <p>
        <Link to="/badges/verifier">{t("badges.verify.another")}</Link>
      </p>
    </div>
  );
}
