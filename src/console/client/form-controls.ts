import type { JsonObject, SchemaNode } from "../api-types.js";
import { KEPT_SECRET } from "../api-types.js";
import { h, newId } from "./dom.js";
import type { FormOptions } from "./spec-form.js";

// The leaf controls of a spec form: one per kind of JSON-schema property, each tied to its label, description and
// error, each reading its value back (undefined to leave the key out, so the connector applies its default).

export interface Control {
  readonly element: Node | null;
  /** The value, or undefined to leave the key out. */
  read(): unknown;
}

export interface Marked {
  readonly input: HTMLElement;
  readonly error: HTMLElement;
}

export interface Context {
  readonly options: FormOptions;
  readonly marked: Map<string, Marked>;
}

export const isNode = (value: unknown): value is SchemaNode =>
  typeof value === "object" && value !== null && !Array.isArray(value);
export const asObject = (value: unknown): JsonObject => (isNode(value) ? { ...value } : {});
export const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
export const orderOf = (node: SchemaNode): number => (typeof node.order === "number" ? node.order : 1_000);

export const titleOf = (key: string, node: SchemaNode): string => text(node.title) ?? key;

/** A label, the control, its description and its (hidden) error, tied together with for/aria-describedby. */
export function field(
  key: string,
  node: SchemaNode,
  input: HTMLElement,
  path: string[],
  required: boolean,
  context: Context,
  extra: readonly Node[] = [],
): HTMLElement {
  const id = newId(`${context.options.idPrefix}-${path.join("-")}`);
  input.id = id;
  const description = text(node.description);
  const hint = description === undefined ? null : h("p", { class: "hint", id: `${id}-hint` }, description);
  const error = h("p", { class: "error", id: `${id}-error`, hidden: true });
  input.setAttribute("aria-describedby", [hint === null ? "" : `${id}-hint`, `${id}-error`].join(" ").trim());
  if (required) input.setAttribute("aria-required", "true");
  context.marked.set(path.join("."), { input, error });
  input.addEventListener("input", () => context.options.onChange?.());
  input.addEventListener("change", () => context.options.onChange?.());
  return h(
    "div",
    { class: "field" },
    h(
      "label",
      { for: id },
      titleOf(key, node),
      required ? h("span", { class: "required", "aria-hidden": "true" }, " *") : null,
    ),
    input,
    ...extra,
    hint,
    error,
  );
}

export function stringControl(
  key: string,
  node: SchemaNode,
  value: string | undefined,
  path: string[],
  required: boolean,
  context: Context,
): Control {
  const enumValues = Array.isArray(node.enum) ? node.enum.map(String) : [];
  if (enumValues.length > 0) {
    const labels = context.options.enumLabels?.[key] ?? {};
    const select = h(
      "select",
      {},
      required ? null : h("option", { value: "" }, "—"),
      ...enumValues.map((option) =>
        h("option", { value: option, selected: option === value }, labels[option] ?? option),
      ),
    );
    return {
      element: field(key, node, select, path, required, context),
      read: () => select.value || undefined,
    };
  }
  const examples = Array.isArray(node.examples) ? node.examples.map(String) : [];
  const listId = examples.length > 0 ? newId(`${context.options.idPrefix}-examples`) : undefined;
  const input = h("input", {
    type: node.format === "uri" ? "url" : "text",
    value: value ?? "",
    list: listId,
    spellcheck: "false",
    autocomplete: "off",
  });
  const list =
    listId === undefined
      ? []
      : [h("datalist", { id: listId }, ...examples.map((example) => h("option", { value: example })))];
  return {
    element: field(key, node, input, path, required, context, list),
    read: () => (input.value.trim() === "" ? undefined : input.value.trim()),
  };
}

/**
 * A secret: a password input that starts with the kept-secret marker when one is saved (never the value, which the
 * browser never has). Left as is, the marker keeps the saved value; the first key typed replaces it whole.
 */
export function secretControl(
  key: string,
  node: SchemaNode,
  value: string | undefined,
  path: string[],
  required: boolean,
  context: Context,
): Control {
  const saved = value === KEPT_SECRET;
  const input = h("input", {
    type: "password",
    value: saved ? KEPT_SECRET : "",
    autocomplete: "new-password",
    spellcheck: "false",
  });
  input.addEventListener("focus", () => {
    if (input.value === KEPT_SECRET) input.select();
  });
  const note = saved
    ? [h("p", { class: "hint" }, "Saved. Leave it as it is to keep it, or type a new one.")]
    : [];
  return {
    element: field(key, node, input, path, required, context, note),
    read: () => (input.value === "" ? undefined : input.value),
  };
}

export function numberControl(
  key: string,
  node: SchemaNode,
  value: unknown,
  path: string[],
  required: boolean,
  context: Context,
): Control {
  const input = h("input", {
    type: "number",
    value: typeof value === "number" ? value : "",
    min: typeof node.minimum === "number" ? node.minimum : null,
    max: typeof node.maximum === "number" ? node.maximum : null,
    step: node.type === "integer" ? 1 : "any",
  });
  return {
    element: field(key, node, input, path, required, context),
    read: () => (input.value.trim() === "" ? undefined : Number(input.value)),
  };
}

export function checkboxControl(
  key: string,
  node: SchemaNode,
  value: boolean,
  path: string[],
  context: Context,
): Control {
  const input = h("input", { type: "checkbox", checked: value });
  const element = field(key, node, input, path, false, context);
  element.classList.add("checkbox");
  return { element, read: () => input.checked };
}

export function arrayControl(
  key: string,
  node: SchemaNode,
  value: readonly unknown[],
  path: string[],
  required: boolean,
  context: Context,
): Control {
  const items = isNode(node.items) ? node.items : {};
  const choices = Array.isArray(items.enum) ? items.enum.map(String) : [];
  if (choices.length > 0) return checkboxGroup(key, node, choices, value.map(String), path, context);
  if (items.type === "string") {
    // One item per line: what a list of ids or labels looks like to the person typing it.
    const area = h("textarea", { rows: Math.max(2, Math.min(6, value.length + 1)), spellcheck: "false" });
    area.value = value.map(String).join("\n");
    const note = [h("p", { class: "hint" }, "One per line.")];
    return {
      element: field(key, node, area, path, required, context, note),
      read() {
        const lines = area.value
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => line !== "");
        return lines.length === 0 ? undefined : lines;
      },
    };
  }
  // Lists of objects (course rules) have pages of their own; anywhere else they are edited as JSON.
  const area = h("textarea", { rows: 4, spellcheck: "false", class: "json" });
  area.value = JSON.stringify(value, null, 2);
  return {
    element: field(key, node, area, path, required, context, [h("p", { class: "hint" }, "As JSON.")]),
    read() {
      try {
        return JSON.parse(area.value) as unknown;
      } catch {
        return area.value;
      }
    },
  };
}

export function checkboxGroup(
  key: string,
  node: SchemaNode,
  choices: readonly string[],
  chosen: readonly string[],
  path: string[],
  context: Context,
): Control {
  const labels = context.options.enumLabels?.[key] ?? {};
  const id = newId(`${context.options.idPrefix}-${path.join("-")}`);
  const boxes = choices.map((choice) => {
    const box = h("input", {
      type: "checkbox",
      value: choice,
      id: `${id}-${choice}`,
      checked: chosen.includes(choice),
    });
    box.addEventListener("change", () => context.options.onChange?.());
    return box;
  });
  const description = text(node.description);
  const error = h("p", { class: "error", id: `${id}-error`, hidden: true });
  const fieldset = h(
    "fieldset",
    { class: "field choices", id, "aria-describedby": `${id}-error` },
    h("legend", {}, titleOf(key, node)),
    ...boxes.map((box, index) =>
      h(
        "div",
        { class: "choice" },
        box,
        h("label", { for: box.id }, labels[choices[index] ?? ""] ?? choices[index]),
      ),
    ),
    description === undefined
      ? null
      : h("details", { class: "hint" }, h("summary", {}, "About this setting"), description),
    error,
  );
  context.marked.set(path.join("."), { input: fieldset, error });
  return { element: fieldset, read: () => boxes.filter((box) => box.checked).map((box) => box.value) };
}
