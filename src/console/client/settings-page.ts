import type { ConsoleState, JsonObject, SaveResult, ScheduleView } from "../api-types.js";
import { api } from "./api.js";
import { formatTime, h, newId, replace } from "./dom.js";
import { TRIGGER_LABELS } from "./labels.js";
import { specForm } from "./spec-form.js";
import { announce } from "./status.js";

/** The destination options shown as forms of their own, each under a heading people look for. */
const OPTION_SECTIONS = [
  { title: "Notifications", keys: ["notify_new_learners"] },
  {
    title: "Filters",
    keys: ["include_employment_types", "include_departments", "include_sites", "new_hire_days_before_start"],
  },
  { title: "Archiving", keys: ["archive_terminated", "archive_missing", "max_archive_percent"] },
] as const;

const OWN_KEYS = ["field_mapping", "course_rules", ...OPTION_SECTIONS.flatMap((section) => section.keys)];

/**
 * Step 3, settings: the field mapping as the two-column table people know (Bob field → learner field), course
 * rules, notifications, filters, the archive safety cap, and the daily schedule.
 */
export function settingsPage(state: ConsoleState, reload: () => Promise<ConsoleState>): HTMLElement {
  let saved = state.destination.config ?? {};
  const mapping = mappingTable(state, saved);
  const rules = courseRules(state, saved);
  const sections = OPTION_SECTIONS.map((section) => ({
    section,
    form: specForm(state.destination.spec, saved, { idPrefix: `opt-${section.title}`, only: section.keys }),
  }));
  const result = h("div", { class: "result" });
  const save = h("button", { type: "button", class: "primary" }, "Save settings");
  save.addEventListener("click", () => {
    void (async () => {
      const kept = Object.fromEntries(Object.entries(saved).filter(([key]) => !OWN_KEYS.includes(key)));
      const config: JsonObject = {
        ...kept,
        ...sections.reduce<JsonObject>((all, { form }) => ({ ...all, ...form.value() }), {}),
        field_mapping: mapping.value(),
        course_rules: rules.value(),
      };
      const answer = await api<SaveResult>("PUT", "/destination/config", { config });
      for (const { form } of sections) form.showProblems(answer.problems);
      if (answer.saved) {
        replace(result, h("p", { class: "ok" }, "Settings saved."));
        announce("Settings saved.", "ok");
        saved = (await reload()).destination.config ?? {};
      } else {
        replace(result, h("p", { class: "error" }, answer.message ?? "The settings were not saved."));
        announce(`Settings not saved: ${answer.message ?? ""}`, "error");
      }
    })();
  });
  return h(
    "section",
    { class: "page", "aria-labelledby": "settings-title" },
    h("h2", { id: "settings-title" }, "Settings"),
    mapping.element,
    rules.element,
    ...sections.map(({ section, form }) =>
      h("fieldset", { class: "group" }, h("legend", {}, section.title), form.element),
    ),
    h("div", { class: "actions" }, save),
    result,
    schedulePanel(state.schedule),
  );
}

function mappingTable(state: ConsoleState, saved: JsonObject) {
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
  const element = h(
    "section",
    { class: "panel", "aria-labelledby": "mapping-title" },
    h("h3", { id: "mapping-title" }, "Field mapping"),
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

interface RuleValue {
  course: string;
  when: string;
  where?: Record<string, string>;
}

function courseRules(state: ConsoleState, saved: JsonObject) {
  const list = h("div", { class: "rules" });
  const rows: { element: HTMLElement; value: () => RuleValue | null }[] = [];
  const renumber = (): void => {
    rows.forEach((row, index) => {
      const legend = row.element.querySelector("legend");
      if (legend !== null) legend.textContent = `Course rule ${index + 1}`;
      const remove = row.element.querySelector("button");
      if (remove !== null) remove.textContent = `Remove course rule ${index + 1}`;
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
    const remove = h("button", { type: "button", class: "link" }, "Remove");
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
  const element = h(
    "section",
    { class: "panel", "aria-labelledby": "rules-title" },
    h("h3", { id: "rules-title" }, "Course rules"),
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

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", current, ...zones])];
}

function schedulePanel(schedule: ScheduleView): HTMLElement {
  const { settings } = schedule;
  const enabled = h("input", { type: "checkbox", id: "schedule-enabled", checked: settings.enabled });
  const time = h("input", { type: "time", id: "schedule-time", value: settings.time, required: true });
  const zone = h(
    "select",
    { id: "schedule-zone" },
    ...timeZones(settings.timezone).map((name) =>
      h("option", { value: name, selected: name === settings.timezone }, name),
    ),
  );
  const info = h("div", { class: "result" });
  const describe = (view: ScheduleView): void => {
    replace(
      info,
      h(
        "p",
        {},
        view.next === null
          ? "The console runs no schedule."
          : `Next scheduled sync: ${formatTime(view.next)} (${view.settings.timezone}).`,
      ),
      h("p", { class: "hint" }, "To run the same schedule without the console:"),
      h("pre", {}, view.command),
    );
  };
  describe(schedule);
  const save = h("button", { type: "button" }, "Save schedule");
  save.addEventListener("click", () => {
    void (async () => {
      const answer = await api<{ saved: boolean; message?: string; schedule?: ScheduleView }>(
        "PUT",
        "/schedule",
        {
          enabled: enabled.checked,
          time: time.value,
          timezone: zone.value,
        },
      );
      if (answer.saved && answer.schedule !== undefined) {
        describe(answer.schedule);
        announce(
          answer.schedule.next === null
            ? "Schedule saved: off."
            : `Schedule saved: next sync ${formatTime(answer.schedule.next)}.`,
          "ok",
        );
      } else {
        announce(`Schedule not saved: ${answer.message ?? ""}`, "error");
      }
    })();
  });
  return h(
    "section",
    { class: "panel", "aria-labelledby": "schedule-title" },
    h("h3", { id: "schedule-title" }, "Daily schedule"),
    h(
      "div",
      { class: "field checkbox" },
      enabled,
      h("label", { for: "schedule-enabled" }, "Run the daily sync from this console"),
    ),
    h("div", { class: "field" }, h("label", { for: "schedule-time" }, "Time"), time),
    h("div", { class: "field" }, h("label", { for: "schedule-zone" }, "Time zone"), zone),
    h("div", { class: "actions" }, save),
    info,
  );
}
