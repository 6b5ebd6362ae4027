// Why a participant was sent back to the join page (app/auth/auth.server.ts puts it in `?raison=`): one
// of a few fixed explanations. Server-only, so that the join page's script carries no zod (issue 13).
import { z } from "zod";
import { t } from "~/i18n";

// The notice's lines on time and erasure are written on the server too: app/privacy/notice.ts speaks
// through the whole catalogue, which the join page's script does not carry.
export { DEFAULT_PERIODS, joinNoticeLines } from "~/privacy/notice";

const reasonSchema = z.enum(["removed", "turned-away", "ended"]).nullable().catch(null);

export function joinNotice(url: URL): string | null {
  const reason = reasonSchema.parse(url.searchParams.get("raison"));
  return reason ? t(`join.notice.${reason}`) : null;
}
