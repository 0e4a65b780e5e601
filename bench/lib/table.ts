import type { Row } from "./result.js";

const show = (value: number | undefined): string =>
  value === undefined ? "" : Math.abs(value) >= 100 ? String(Math.round(value)) : String(value);

/** The results as a plain-text table, one row per measurement. */
export function formatTable(rows: readonly Row[]): string {
  const header = ["bench", "measurement", "value", "unit", "baseline", "ratio", "goal", "met"];
  const cells = rows.map((row) => [
    row.bench,
    row.name,
    show(row.value),
    row.unit,
    show(row.baseline),
    show(row.ratio),
    row.goal,
    row.met === undefined ? "-" : row.met ? "yes" : "NO",
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((line) => line[i]?.length ?? 0)),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const notes = rows.flatMap((row) =>
    row.note === undefined ? [] : [`- ${row.bench} ${row.name}: ${row.note}`],
  );
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line), "", ...notes].join("\n");
}
