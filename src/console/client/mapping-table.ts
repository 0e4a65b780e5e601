import type { ConsoleState, JsonObject } from "../api-types.js";
import { h, newId, titled } from "./dom.js";

/**
 * The field mapping as the two-column table people know, Bob field → learner field: each learner field's Bob field
 * ids (fallbacks after commas), empty for the default, which shows greyed.
 */
export function mappingTable(state: ConsoleState, saved: JsonObject) {
  const current = (saved.field_mapping ?? {}) as Readonly<Record<string, readonly string[]>>;
  const inputs = state.mapping.fields.map((field) => {
    const id = newId(`map-${field}`);
    const input = h("input", {
      id,
      type: "text",
      value: (current[field] ?? []).join(", "),
      placeholder: (state.mapping.defaults[field] ?? []).join(", "),
      spellcheck: "false",
      "aria-describedby": "mapping-hint",
    });
    return { field, id, input };
  });
  const element = titled(
    "panel",
    "mapping",
    "Field mapping",
    h(
      "p",
      { class: "hint", id: "mapping-hint" },
      "Each learner field takes the first of these Bob fields that has a value. Empty keeps the default (shown " +
        "greyed). Separate fallbacks with commas.",
    ),
    h(
      "table",
      { class: "mapping" },
      h(
        "thead",
        {},
        h("tr", {}, h("th", { scope: "col" }, "Bob field"), h("th", { scope: "col" }, "Learner field")),
      ),
      h(
        "tbody",
        {},
        ...inputs.map(({ field, id, input }) =>
          h(
            "tr",
            {},
            h("td", {}, input),
            h("td", { class: "arrow", "aria-hidden": "true" }, "→"),
            h(
              "th",
              { scope: "row" },
              h("label", { for: id }, field),
              state.mapping.labelFields.includes(field)
                ? h("span", { class: "hint" }, " (display label)")
                : null,
            ),
          ),
        ),
      ),
    ),
  );
  return {
    element,
    value: (): Record<string, string[]> =>
      Object.fromEntries(
        inputs.flatMap(({ field, input }) => {
          const ids = input.value
            .split(",")
            .map((id) => id.trim())
            .filter((id) => id !== "");
          return ids.length === 0 ? [] : [[field, ids]];
        }),
      ),
  };
}
