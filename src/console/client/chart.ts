import type { TimelinePoint } from "../api-types.js";
import { formatNumber, formatTime, h, svg } from "./dom.js";

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 48, right: 16, top: 12, bottom: 28 };

/** A nice upper bound for an axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

/**
 * Active and archived learners after each sync (lines) and the changes each made (bars), drawn as SVG with classes
 * for colours (the CSP allows no inline style), with the same numbers in a table for screen readers.
 */
export function learnerChart(points: readonly TimelinePoint[]): HTMLElement {
  if (points.length === 0) return h("p", { class: "hint" }, "The chart appears after the first sync.");
  const max = niceMax(Math.max(...points.map((p) => Math.max(p.active, p.archived, p.changes))));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = plotWidth / points.length;
  const x = (index: number): number => PAD.left + step * (index + 0.5);
  const y = (value: number): number => PAD.top + plotHeight * (1 - value / max);
  const line = (pick: (p: TimelinePoint) => number): string =>
    points
      .map((p, index) => `${index === 0 ? "M" : "L"}${x(index).toFixed(1)},${y(pick(p)).toFixed(1)}`)
      .join(" ");
  const barWidth = Math.max(4, Math.min(32, step * 0.4));
  const last = points[points.length - 1];
  const summary =
    last === undefined
      ? ""
      : `After ${points.length} syncs: ${formatNumber(last.active)} active and ${formatNumber(last.archived)} archived learners.`;
  const chart = svg(
    "svg",
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: "img",
      "aria-label": `Learners over time. ${summary}`,
      class: "chart",
    },
    ...[0, 0.5, 1].flatMap((share) => [
      svg("line", {
        x1: PAD.left,
        x2: WIDTH - PAD.right,
        y1: y(max * share),
        y2: y(max * share),
        class: "grid",
      }),
      svg(
        "text",
        { x: PAD.left - 6, y: y(max * share) + 4, class: "axis", "text-anchor": "end" },
        formatNumber(max * share),
      ),
    ]),
    ...points.map((p, index) =>
      svg("rect", {
        x: x(index) - barWidth / 2,
        y: y(p.changes),
        width: barWidth,
        height: Math.max(0, y(0) - y(p.changes)),
        class: "bar-changes",
      }),
    ),
    svg("path", { d: line((p) => p.active), class: "line-active" }),
    svg("path", { d: line((p) => p.archived), class: "line-archived" }),
    ...points.flatMap((p, index) => [
      svg("circle", { cx: x(index), cy: y(p.active), r: 3, class: "dot-active" }),
      svg("circle", { cx: x(index), cy: y(p.archived), r: 3, class: "dot-archived" }),
      svg("text", { x: x(index), y: HEIGHT - 8, class: "axis", "text-anchor": "middle" }, `#${index + 1}`),
    ]),
  );
  return h(
    "figure",
    { class: "chart-figure" },
    chart,
    h(
      "figcaption",
      {},
      h("span", { class: "key key-active" }, "Active learners"),
      h("span", { class: "key key-archived" }, "Archived learners"),
      h("span", { class: "key key-changes" }, "Changes per sync"),
    ),
    h(
      "details",
      {},
      h("summary", {}, "The chart's numbers"),
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["Sync", "Started", "Active", "Archived", "Changes"].map((title) =>
              h("th", { scope: "col" }, title),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          ...points.map((p, index) =>
            h(
              "tr",
              {},
              h("td", {}, `#${index + 1}`),
              h("td", {}, formatTime(p.at)),
              h("td", {}, formatNumber(p.active)),
              h("td", {}, formatNumber(p.archived)),
              h("td", {}, formatNumber(p.changes)),
            ),
          ),
        ),
      ),
    ),
  );
}
