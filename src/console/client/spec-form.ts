import type { FieldProblem, JsonObject, SchemaNode } from "../api-types.js";
import { h } from "./dom.js";
import type { Context, Control, Marked } from "./form-controls.js";
import {
  arrayControl,
  asObject,
  checkboxControl,
  field,
  isNode,
  numberControl,
  orderOf,
  secretControl,
  stringControl,
  text,
  titleOf,
} from "./form-controls.js";

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
