import type { ConsoleState, JsonObject } from "../api-types.js";
import { h, newId, titled } from "./dom.js";
import { TRIGGER_LABELS } from "./labels.js";
import { announce } from "./status.js";

/** Course rules, one fieldset each: course, trigger and the optional conditions; rules can be added and removed. */
interface RuleValue {
  course: string;
  when: string;
  where?: Record<string, string>;
}

export function courseRules(state: ConsoleState, saved: JsonObject) {
  const list = h("div", { class: "rules" });
  const rows: { element: HTMLElement; value: () => RuleValue | null }[] = [];
  const renumber = (): void => {
    rows.forEach((row, index) => {
      const legend = row.element.querySelector("legend");
      if (legend !== null) legend.textContent = `Course rule ${index + 1}`;
      const remove = row.element.querySelector("button");
      if (remove === null) return;
      // Each button is told apart by its number, and by its course once one is typed (the name starts with the
      // words shown, so speech control finds it by what it reads).
      remove.textContent = `Remove course rule ${index + 1}`;
      const course = row.element.querySelector("input")?.value.trim() ?? "";
      remove.setAttribute(
        "aria-label",
        course === "" ? `Remove course rule ${index + 1}` : `Remove course rule ${index + 1}: ${course}`,
      );
    });
  };
  const add = (rule: Partial<RuleValue>): void => {
    const course = h("input", { type: "text", value: rule.course ?? "" });
    const when = h(
      "select",
      {},
      ...state.triggers.map((trigger) =>
        h(
          "option",
          { value: trigger, selected: trigger === (rule.when ?? "new_learner") },
          TRIGGER_LABELS[trigger] ?? trigger,
        ),
      ),
    );
    const where = rule.where ?? {};
    const condition = (key: "department" | "location" | "employment_type") => ({
      key,
      input: h("input", { type: "text", value: where[key] ?? "" }),
    });
    const conditions = [
      condition("department"),
      condition("location"),
      condition("employment_type"),
    ] as const;
    const role = h(
      "select",
      {},
      h("option", { value: "" }, "Anyone"),
      h("option", { value: "supervisor", selected: where.role === "supervisor" }, "Managers"),
      h("option", { value: "non-supervisor", selected: where.role === "non-supervisor" }, "Non-managers"),
    );
    const labelled = (label: string, control: HTMLElement): HTMLElement => {
      control.id = newId("rule");
      return h("div", { class: "field" }, h("label", { for: control.id }, label), control);
    };
    const remove = h("button", { type: "button", class: "link" }, "Remove course rule");
    course.addEventListener("change", renumber);
    const element = h(
      "fieldset",
      { class: "rule" },
      h("legend", {}, "Course rule"),
      labelled("Course", course),
      labelled("Trigger", when),
      labelled("Department", conditions[0].input),
      labelled("Location", conditions[1].input),
      labelled("Employment type", conditions[2].input),
      labelled("Role", role),
      remove,
    );
    const row = {
      element,
      value: (): RuleValue | null => {
        if (course.value.trim() === "") return null;
        const only = Object.fromEntries(
          [
            ...conditions.map(({ key, input }) => [key, input.value.trim()] as const),
            ["role", role.value] as const,
          ].filter(([, value]) => value !== ""),
        );
        return {
          course: course.value.trim(),
          when: when.value,
          ...(Object.keys(only).length > 0 ? { where: only } : {}),
        };
      },
    };
    remove.addEventListener("click", () => {
      rows.splice(rows.indexOf(row), 1);
      element.remove();
      renumber();
      announce("Course rule removed; save the settings to keep it so.");
    });
    rows.push(row);
    list.append(element);
    renumber();
  };
  for (const rule of (Array.isArray(saved.course_rules) ? saved.course_rules : []) as Partial<RuleValue>[])
    add(rule);
  const addButton = h("button", { type: "button" }, "Add course rule");
  addButton.addEventListener("click", () => {
    add({});
    list.lastElementChild?.querySelector("input")?.focus();
  });
  const element = titled(
    "panel",
    "rules",
    "Course rules",
    h(
      "p",
      { class: "hint" },
      "Assign a course once per learner when its trigger fires and the conditions hold.",
    ),
    list,
    addButton,
  );
  return { element, value: () => rows.map((row) => row.value()).filter((rule) => rule !== null) };
}
