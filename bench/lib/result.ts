/** One line of the results table: a measured value, what it is compared with, and whether it meets its goal. */
export interface Row {
  readonly bench: string;
  readonly name: string;
  /** The measured value, in `unit`. */
  readonly value: number;
  readonly unit: string;
  /** The baseline in the same unit, when there is one; `ratio` is value / baseline unless said otherwise. */
  readonly baseline?: number;
  readonly ratio?: number;
  /** Human-readable goal, e.g. "ratio ≤ 1.5". */
  readonly goal: string;
  /** Undefined when the row only informs. */
  readonly met?: boolean;
  readonly note?: string;
}

/** A bench: its name (for `--only`) and a run that returns its rows. */
export interface Bench {
  readonly name: string;
  readonly title: string;
  run(quick: boolean, shared: Shared): Promise<Row[]>;
}

/** What one bench hands to a later one in the same run. */
export interface Shared {
  /** The raw read baseline of the `employees` bench, per employee, by company size. */
  rawReadMsPerEmployee?: { readonly employees: number; readonly ms: number };
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
