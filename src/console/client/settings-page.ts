import type { ConsoleState, JsonObject, SaveResult } from "../api-types.js";
import { api } from "./api.js";
import { courseRules } from "./course-rules.js";
import { h, replace, titled } from "./dom.js";
import { mappingTable } from "./mapping-table.js";
import { schedulePanel } from "./schedule-panel.js";
import { specForm } from "./spec-form.js";
import { announce, whileBusy } from "./status.js";

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
    void whileBusy(
      save,
      "Settings not saved",
      async () => {
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
      },
      result,
    );
  });
  return titled(
    "page",
    "settings",
    "Settings",
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
