import type { FieldProblem, JsonObject, SchemaNode } from "../api-types.js";
import { KEPT_SECRET } from "../api-types.js";
import { h, newId } from "./dom.js";

// A form drawn from a connector spec the way Airbyte's webapp draws one: properties in `order`, bucketed into the
// spec's `groups`, `airbyte_secret` strings as password inputs holding only the kept-secret marker, defaults filled
// in, enums as selects, arrays of enums as checkboxes, other arrays one item per line, objects as fieldsets and a
// `oneOf` as a choice of variant whose fields follow the choice. Each control is labelled with its spec title.

export interface FormOptions {
  readonly idPrefix: string;
  /** Readable labels for enum values, by property key. */
  readonly enumLabels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Only these top-level properties, in this order when given. */
  readonly only?: readonly string[];
  /** Called whenever a control changes. */
  readonly onChange?: () => void;
}

export interface SpecForm {
  readonly element: HTMLElement;
  /** The config as the form holds it; an empty optional field is left out, so the connector applies its default. */
  value(): JsonObject;
  /** Marks each problem's field (aria-invalid, its message beside it); clears the earlier ones. */
  showProblems(problems: readonly FieldProblem[]): void;
}

interface Control {
  readonly element: Node | null;
  /** The value, or undefined to leave the key out. */
  read(): unknown;
}

interface Marked {
  readonly input: HTMLElement;
  readonly error: HTMLElement;
}

interface Context {
  readonly options: FormOptions;
  readonly marked: Map<string, Marked>;
}

const isNode = (value: unknown): value is SchemaNode =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const asObject = (value: unknown): JsonObject => (isNode(value) ? { ...value } : {});
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const orderOf = (node: SchemaNode): number => (typeof node.order === "number" ? node.order : 1_000);

export function specForm(schema: SchemaNode, value: JsonObject | null, options: FormOptions): SpecForm {
  const context: Context = { options, marked: new Map() };
  const root = objectControl(schema, value ?? {}, [], context, true);
  const element = h("div", { class: "spec-form" });
  if (root.element !== null) element.append(root.element);
  return {
    element,
    value: () => asObject(root.read()),
    showProblems(problems) {
      for (const { input, error } of context.marked.values()) {
        input.removeAttribute("aria-invalid");
        error.textContent = "";
        error.hidden = true;
      }
      for (const problem of problems) {
        const path = [...problem.path];
        let found: Marked | undefined;
        while (found === undefined && path.length > 0) {
          found = context.marked.get(path.join("."));
          path.pop();
        }
        if (found === undefined) continue;
        found.input.setAttribute("aria-invalid", "true");
        found.error.textContent =
          found.error.textContent === "" ? problem.message : `${found.error.textContent}; ${problem.message}`;
        found.error.hidden = false;
      }
    },
  };
}

function properties(node: SchemaNode): [string, SchemaNode][] {
  const props = isNode(node.properties) ? Object.entries(node.properties) : [];
  return props
    .filter((entry): entry is [string, SchemaNode] => isNode(entry[1]))
    .sort(([, a], [, b]) => orderOf(a) - orderOf(b));
}

function objectControl(
  node: SchemaNode,
  value: JsonObject,
  path: string[],
  context: Context,
  top: boolean,
): Control {
  const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
  let entries = properties(node);
  const only = top ? context.options.only : undefined;
  if (only !== undefined) {
    entries = only.flatMap((key) => entries.filter(([name]) => name === key));
  }
  const children = entries.map(
    ([key, child]) =>
      [key, property(key, child, value[key], [...path, key], required.includes(key), context)] as const,
  );
  const container = h("div", { class: "fields" });
  const groups = top && Array.isArray(node.groups) ? node.groups.filter(isNode) : [];
  if (groups.length === 0) {
    for (const [, control] of children) if (control.element !== null) container.append(control.element);
  } else {
    // Airbyte's `groups`: each property's `group` places it in a section, in the groups' order.
    const byGroup = new Map<string, HTMLElement>();
    for (const group of groups) {
      const id = text(group.id) ?? "";
      const section = h("fieldset", { class: "group" }, h("legend", {}, text(group.title) ?? id));
      byGroup.set(id, section);
    }
    for (const [key, control] of children) {
      if (control.element === null) continue;
      const group = text(entries.find(([name]) => name === key)?.[1].group);
      (byGroup.get(group ?? "") ?? container).append(control.element);
    }
    for (const section of byGroup.values()) if (section.childElementCount > 1) container.append(section);
  }
  return {
    element: container,
    read() {
      const result: JsonObject = {};
      for (const [key, control] of children) {
        const item = control.read();
        if (item !== undefined) result[key] = item;
      }
      return result;
    },
  };
}

function property(
  key: string,
  node: SchemaNode,
  value: unknown,
  path: string[],
  required: boolean,
  context: Context,
): Control {
  if ("const" in node) return { element: null, read: () => node.const };
  const variants = Array.isArray(node.oneOf) ? node.oneOf.filter(isNode) : [];
  if (variants.length > 0) return oneOfControl(key, node, variants, value ?? node.default, path, context);
  const initial = value ?? node.default;
  switch (node.type) {
    case "object":
      return fieldsetControl(key, node, asObject(initial), path, context);
    case "boolean":
      return checkboxControl(key, node, initial === true, path, context);
    case "integer":
    case "number":
      return numberControl(key, node, initial, path, required, context);
    case "array":
      return arrayControl(key, node, Array.isArray(initial) ? initial : [], path, required, context);
    default:
      return node.airbyte_secret === true
        ? secretControl(key, node, text(value), path, required, context)
        : stringControl(key, node, text(initial), path, required, context);
  }
}

const titleOf = (key: string, node: SchemaNode): string => text(node.title) ?? key;

/** A label, the control, its description and its (hidden) error, tied together with for/aria-describedby. */
function field(
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

function stringControl(
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
function secretControl(
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

function numberControl(
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

function checkboxControl(
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

function arrayControl(
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

function checkboxGroup(
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

function fieldsetControl(
  key: string,
  node: SchemaNode,
  value: JsonObject,
  path: string[],
  context: Context,
): Control {
  const inner = objectControl(node, value, path, context, false);
  const description = text(node.description);
  const element = h(
    "fieldset",
    { class: "group" },
    h("legend", {}, titleOf(key, node)),
    description === undefined ? null : h("p", { class: "hint" }, description),
    inner.element,
  );
  return {
    element,
    read() {
      const result = asObject(inner.read());
      return Object.keys(result).length === 0 ? undefined : result;
    },
  };
}

/** The property every variant fixes with `const` (Airbyte's convention: `type`, or `auth_type`). */
function discriminator(variants: readonly SchemaNode[]): string | undefined {
  const first = variants[0];
  if (first === undefined) return undefined;
  return properties(first)
    .map(([key]) => key)
    .find((key) =>
      variants.every(
        (variant) =>
          isNode(variant.properties) && isNode(variant.properties[key]) && "const" in variant.properties[key],
      ),
    );
}

/** Airbyte's `oneOf`: a choice of variant (by title), then the chosen variant's own fields. */
function oneOfControl(
  key: string,
  node: SchemaNode,
  variants: readonly SchemaNode[],
  value: unknown,
  path: string[],
  context: Context,
): Control {
  const tag = discriminator(variants);
  const tagOf = (variant: SchemaNode): string =>
    tag !== undefined && isNode(variant.properties) && isNode(variant.properties[tag])
      ? String(variant.properties[tag].const)
      : "";
  const current = asObject(value);
  const chosenIndex = Math.max(
    0,
    variants.findIndex((variant) => tag !== undefined && tagOf(variant) === current[tag]),
  );
  const select = h(
    "select",
    {},
    ...variants.map((variant, index) =>
      h(
        "option",
        { value: String(index), selected: index === chosenIndex },
        text(variant.title) ?? tagOf(variant),
      ),
    ),
  );
  const body = h("div", { class: "variant" });
  let inner: Control = { element: null, read: () => undefined };
  // Values typed in one variant follow to another that has the same field; secrets never do (restoreSecrets).
  let carried: JsonObject = current;
  const show = (index: number): void => {
    const variant = variants[index] ?? {};
    inner = objectControl(variant, carried, path, context, false);
    body.replaceChildren();
    if (inner.element !== null) body.append(inner.element);
  };
  select.addEventListener("change", () => {
    carried = Object.fromEntries(
      Object.entries({ ...carried, ...asObject(inner.read()) }).filter(([name]) => name !== tag),
    );
    show(Number(select.value));
  });
  show(chosenIndex);
  const element = h("div", { class: "one-of" }, field(key, node, select, path, true, context), body);
  return { element, read: () => inner.read() };
}
