// How small numbers stay secret (issue 16.4, docs/decisions/019). Every figure about people is
// computed from "blocks": the narrowest slices a page can select (a calendar month × a kind of
// session × a host structure × a series). Any period, kind filter or scope is a union of blocks, so
// the difference of two figures anyone can display is a sum of blocks. A figure is shown only when
// it is 0 or ≥ 5 and each of its blocks is 0 or ≥ 5: then no subtraction can give 1 to 4.
import { SMALL_NUMBER_THRESHOLD, masked, peopleCount, peopleRate, type IndicatorCell } from "./indicator-table.js";

const isSmall = (value: number) => value > 0 && value < SMALL_NUMBER_THRESHOLD;

/** Counts of people per cell, kept block by block. */
export class BlockTally {
  private readonly cells = new Map<string, Map<string, number>>();

  add(cell: string, block: string, count: number): void {
    if (count === 0) return;
    const blocks = this.cells.get(cell) ?? new Map<string, number>();
    blocks.set(block, (blocks.get(block) ?? 0) + count);
    this.cells.set(cell, blocks);
  }

  value(cell: string): number {
    let total = 0;
    for (const count of this.cells.get(cell)?.values() ?? []) total += count;
    return total;
  }

  /** No block of the cell holds 1 to 4 people. */
  safe(cell: string): boolean {
    for (const count of this.cells.get(cell)?.values() ?? []) if (isSmall(count)) return false;
    return true;
  }

  /** The cell as shown: its count, or "< 5" when it or one of its blocks is small. */
  people(cell: string): IndicatorCell {
    return this.safe(cell) ? peopleCount(this.value(cell)) : masked;
  }

  /** A share of the cell `denominator` (people), hidden when the denominator is small anywhere. */
  rate(numerator: string, denominator: string): IndicatorCell {
    const over = this.value(denominator);
    if (over > 0 && !this.safe(denominator)) return masked;
    return peopleRate(this.value(numerator), over);
  }
}

const countOf = (cell: IndicatorCell) => ("count" in cell ? cell.count : 0);

/**
 * Cells that add up to a total: when exactly one of them is hidden and the total is shown, the total
 * minus the others gives it away. Then the smallest other non-zero count is hidden too, or, when
 * there is none, the total itself.
 */
export function protectParts(total: IndicatorCell, parts: IndicatorCell[]): { total: IndicatorCell; parts: IndicatorCell[] } {
  const hidden = parts.filter((cell) => "masked" in cell).length;
  if (!("count" in total) || hidden !== 1) return { total, parts };
  let smallest = -1;
  parts.forEach((cell, index) => {
    if ("count" in cell && cell.count > 0 && (smallest < 0 || cell.count < countOf(parts[smallest]!))) smallest = index;
  });
  if (smallest < 0) return { total: masked, parts };
  return { total, parts: parts.map((cell, index) => (index === smallest ? masked : cell)) };
}

/** Whether a cell shows a figure (not hidden, not empty). */
export const shown = (cell: IndicatorCell) => "count" in cell || "rate" in cell;
