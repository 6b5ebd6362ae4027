import type { ReactNode } from "react";
import { Picto, type PictoName } from "~/ui/pictograms";

export { Picto };

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
  picto: PictoName;
  title: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section className={`contribute-section ${className}`.trim()} aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>
        <Picto name={picto} />
        {title}
      </h2>
      {children}
    </section>
  );
}
