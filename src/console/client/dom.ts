// Building the page from data without innerHTML: every text goes in as a text node, so nothing Bob or a
// learning platform sends can become markup. No inline styles either (the CSP forbids them): classes only.

type Child = Node | string | number | null | undefined | false;
type Attributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** `h("button", { type: "button", class: "primary" }, "Sync now")`. Boolean true sets an empty attribute. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/**
 * A page (h2) or a panel within one (h3): a section named by its heading, so assistive technology announces it by
 * the title people see. The heading's id is `${id}-title`.
 */
export function titled(
  kind: "page" | "panel",
  id: string,
  title: string,
  ...children: readonly Child[]
): HTMLElement {
  const headingId = `${id}-title`;
  return h(
    "section",
    { class: kind, "aria-labelledby": headingId },
    h(kind === "page" ? "h2" : "h3", { id: headingId }, title),
    ...children,
  );
}

/** Replaces an element's content. */
export function replace(parent: Element, ...children: readonly Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

const SVG = "http://www.w3.org/2000/svg";

export function svg(tag: string, attributes: Attributes = {}, ...children: readonly Child[]): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

let ids = 0;

/** A unique element id, for label `for` and aria-describedby. */
export function newId(prefix: string): string {
  ids += 1;
  return `${prefix.replace(/[^A-Za-z0-9_-]/g, "-")}-${ids}`;
}

export const formatNumber = (n: number): string => n.toLocaleString("en-US");

/** `2026-11-23 17:00` in the browser's time zone. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}
