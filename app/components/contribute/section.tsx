import type { ReactNode } from "react";

/** A pictogram beside words, for people who read little; screen readers skip it, the words say it all. */
export function Picto({ symbol }: { symbol: string }) {
  return (
    <span aria-hidden="true" className="picto">
      {symbol}
    </span>
  );
}

/** One part of the phone screen, named by its heading (level 2) with a pictogram. */
export function Section({
  id,
  picto,
  title,
  className = "",
  testId,
  children,
}: {
  id: string;
  picto: string;
  title: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section className={`contribute-section ${className}`.trim()} aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>
        <Picto symbol={picto} />
        {title}
      </h2>
      {children}
    </section>
  );
}
