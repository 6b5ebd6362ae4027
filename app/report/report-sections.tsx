import { TextAreaField } from "~/ui/form";
import { t } from "~/i18n";
import { DECISIONS_MAX } from "./decisions";
import { votesLabel } from "./votes";

interface Card {
  text: string;
  votes: number;
}

export function CardList({ cards }: { cards: Card[] }) {
  if (cards.length === 0) return <p>{t("report.zones.empty")}</p>;
  return (
    <ul className="report-cards">
      {cards.map((card, index) => (
        <li key={index} data-testid="report-card">
          {card.text}
          {card.votes > 0 ? <span className="report-votes"> ({votesLabel(card.votes)})</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function BoardImage({ src, zones, cards }: { src: string; zones: number; cards: number }) {
  return (
    <figure className="report-board">
      <img src={src} alt={t("report.board.alt", { zones, cards })} data-testid="report-board-image" />
    </figure>
  );
}

/** Decisions typed here go into the PDF or Markdown posted below; nothing is stored. */
export function DownloadForm({ sessionId, decisions }: { sessionId: string; decisions: string }) {
  const base = `/sessions/${sessionId}`;
  return (
    <form method="post" action={`${base}/report.pdf`} className="stack report-download">
      <TextAreaField
        name="decisions"
        label={t("report.decisions.label")}
        hint={t("report.decisions.hint")}
        maxLength={DECISIONS_MAX}
        rows={5}
        defaultValue={decisions}
      />
      <div className="report-buttons">
        <button type="submit" className="button" formAction={`${base}/report`} name="intent" value="close">
          {t("report.close")}
        </button>
        <button type="submit" className="button">
          {t("report.download.pdf")}
        </button>
        <button type="submit" className="button secondary" formAction={`${base}/report.md`}>
          {t("report.download.md")}
        </button>
        <a className="button secondary" href={`${base}/cards.csv`} download>
          {t("report.download.csv")}
        </a>
      </div>
    </form>
  );
}
