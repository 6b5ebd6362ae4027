// Where the facilitation panel sits: beside the canvas on a wide screen, open; on a narrow one
// (a phone), folded into a bar under the canvas that opens it over the canvas on demand, so that
// the canvas keeps the screen. docs/decisions/012.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { t } from "~/i18n";
import type { BoardAgenda } from "../../board-core/agenda";
import type { FacilitationClient } from "./facilitation-client";
import { useFacilitation } from "./use-facilitation";

/** Below this width the panel would cover the canvas (app.css uses the same figure): it starts folded. */
export const NARROW_BOARD_QUERY = "(max-width: 700px)";

/** Whether the panel is open, and whether the screen is narrow; follows the screen when it turns. */
export function usePanelDock() {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW_BOARD_QUERY).matches);
  const [open, setOpen] = useState(!narrow);
  useEffect(() => {
    const query = window.matchMedia(NARROW_BOARD_QUERY);
    const onChange = () => {
      setNarrow(query.matches);
      setOpen(!query.matches);
    };
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return { narrow, open, setOpen };
}

export function PanelDock(props: {
  dock: ReturnType<typeof usePanelDock>;
  client: FacilitationClient | null;
  agenda: BoardAgenda;
  children: ReactNode;
}) {
  const { narrow, open, setOpen } = props.dock;
  const { view } = useFacilitation(props.client);
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  // Focus follows the person's own gesture only, never the first render.
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    (open ? panel.current : toggle.current)?.focus();
  }, [open]);
  const turn = (next: boolean) => {
    moved.current = true;
    setOpen(next);
  };

  const phaseNumber = props.agenda.phases.findIndex((phase) => phase.id === view?.phaseId) + 1;
  const where =
    phaseNumber > 0 ? t("facilitation.phase", { number: phaseNumber, total: props.agenda.phases.length }) : t("facilitation.phase.none");
  const label = narrow ? t("panel.bar", { phase: where }) : open ? t("panel.hide") : t("panel.show");

  return (
    <>
      <button
        ref={toggle}
        type="button"
        className="panel-toggle"
        data-testid="panel-toggle"
        aria-expanded={open}
        aria-controls="facilitation-panel"
        onClick={() => turn(!open)}
      >
        {label}
        {narrow ? (
          <span aria-hidden="true" className="panel-toggle-chevron">
            {open ? "▾" : "▴"}
          </span>
        ) : null}
      </button>
      <aside
        ref={panel}
        id="facilitation-panel"
        className="board-panel"
        aria-label={t("panel.label")}
        tabIndex={-1}
        hidden={!open}
        // Over the canvas, Escape gives the screen back to it, and the keyboard back to the bar.
        onKeyDown={(event) => {
          if (narrow && event.key === "Escape") {
            event.stopPropagation();
            turn(false);
          }
        }}
      >
        {props.children}
      </aside>
    </>
  );
}
