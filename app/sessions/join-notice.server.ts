// Why a participant was sent back to the join page (app/auth/auth.server.ts puts it in `?raison=`): one
// of a few fixed explanations. Server-only, so that the join page's script carries no zod (issue 13).
import { z } from "zod";
import { t } from "~/i18n";

const reasonSchema = z.enum(["removed", "turned-away", "ended"]).nullable().catch(null);

export function joinNotice(url: URL): string | null {
  const reason = reasonSchema.parse(url.searchParams.get("raison"));
  return reason ? t(`join.notice.${reason}`) : null;
}
