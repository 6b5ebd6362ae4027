import type { SessionKind } from "../../workshops/schema";
import { t } from "~/i18n";

export function kindLabel(kind: string): string {
  return t(`kind.${kind as SessionKind}`);
}

export function KindBadge({ kind }: { kind: string }) {
  return <span className="kind-badge">{kindLabel(kind)}</span>;
}
