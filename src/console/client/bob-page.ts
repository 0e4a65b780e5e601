import type { ConsoleState, PermissionField, PermissionGuide, SourceTest } from "../api-types.js";
import { api } from "./api.js";
import { formatNumber, h, replace, titled } from "./dom.js";
import type { SpecForm } from "./spec-form.js";
import { specForm } from "./spec-form.js";
import { announce } from "./status.js";

/** `Work › Department (work.department)`: how the field is found when ticking the permission group. */
export const permissionText = (field: PermissionField): string =>
  `${field.category} › ${field.name} (${field.id})${field.viewAndEdit === true ? ", with View and Edit" : ""}`;

/**
 * Step 1, Connect Bob: the source's spec as a form, the permissions the chosen field groups need (redrawn as they
 * are ticked), and Test connection, which runs the source's check and saves the config when it passes.
 */
export function bobPage(state: ConsoleState, reload: () => Promise<ConsoleState>): HTMLElement {
  const { guide } = state;
  const permissions = h("section", { class: "panel", "aria-labelledby": "permissions-title" });
  const result = h("div", { class: "result", id: "bob-result" });
  const formSlot = h("div", {});
  const mount = (config: ConsoleState["source"]["config"]): SpecForm => {
    const created = specForm(state.source.spec, config, {
      idPrefix: "bob",
      enumLabels: { field_groups: Object.fromEntries(guide.groups.map((group) => [group.id, group.title])) },
      onChange: () => {
        drawPermissions();
      },
    });
    replace(formSlot, created.element);
    return created;
  };
  let form = mount(state.source.config);
  const drawPermissions = (): void => {
    const value = form.value();
    const chosen = Array.isArray(value.field_groups) ? value.field_groups.map(String) : [];
    const extra = Array.isArray(value.additional_fields) ? value.additional_fields.length : 0;
    replace(permissions, ...permissionList(guide, chosen, extra, value.include_inactive !== false));
  };
  drawPermissions();

  const button = h("button", { type: "button", class: "primary" }, "Test connection");
  const test = async (): Promise<void> => {
    button.disabled = true;
    announce("Testing the connection to Bob…");
    replace(result, h("p", {}, "Testing the connection to Bob…"));
    try {
      const answer = await api<SourceTest>("POST", "/source/test", { config: form.value() });
      form.showProblems(answer.ok ? [] : answer.problems);
      replace(result, ...testResult(answer, guide, test));
      if (answer.ok) {
        announce(
          `Connected to Bob: the service user sees ${formatNumber(answer.employees)} employees.`,
          "ok",
        );
        // Drawn again from the saved config: the token typed is gone from the page, the marker holds its place.
        form = mount((await reload()).source.config);
      } else {
        announce(
          answer.missing.length > 0
            ? `Test failed: the service user lacks ${answer.missing.length} permissions.`
            : `Test failed: ${answer.message}`,
          "error",
        );
      }
    } catch (error) {
      replace(result, h("p", { class: "error" }, String(error instanceof Error ? error.message : error)));
      announce("The console could not run the test.", "error");
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener("click", () => void test());

  return titled(
    "page",
    "bob",
    "Connect Bob",
    h(
      "p",
      { class: "lead" },
      "Create a service user in Bob (Settings › Integrations › Automation › Service users), give its permission " +
        "group the permissions listed here, then paste its ID and token.",
    ),
    state.demo
      ? h(
          "p",
          { class: "advice" },
          "Demo: Bob is the HiBob emulator and this config is ready (service user demo). Its service user " +
            "demo-restricted lacks the Employment category, to see what Test connection says then " +
            "(its token is in docs/console.md).",
        )
      : null,
    h(
      "div",
      { class: "columns" },
      h("div", {}, formSlot, h("div", { class: "actions" }, button), result),
      permissions,
    ),
  );
}

function permissionList(
  guide: PermissionGuide,
  chosen: readonly string[],
  extra: number,
  inactive: boolean,
): Node[] {
  const groups = guide.groups.filter((group) => chosen.includes(group.id));
  return [
    h("h3", { id: "permissions-title" }, "Permissions the service user needs"),
    h(
      "p",
      { class: "hint" },
      "In Bob: Settings › Permission groups › the service user's group › People's data. Allow View for:",
    ),
    h(
      "ul",
      { class: "permissions", "aria-label": "Permissions for the chosen field groups" },
      h("li", {}, permissionText(guide.always)),
      ...groups.map((group) =>
        h(
          "li",
          {},
          h("strong", {}, group.category),
          group.sensitive ? h("span", { class: "badge" }, "sensitive") : null,
          h(
            "ul",
            {},
            ...group.fields
              .filter((field) => field.id !== guide.always.id)
              .map((field) => h("li", {}, permissionText(field))),
            group.alsoCategory === ""
              ? null
              : h(
                  "li",
                  {},
                  `and every other field of the ${group.category} category (custom fields included)`,
                ),
          ),
        ),
      ),
      extra > 0 ? h("li", {}, `the category of each of the ${extra} additional fields`) : null,
    ),
    h("h3", {}, "Access data for"),
    h(
      "p",
      { class: inactive ? "advice" : "advice warning" },
      inactive
        ? guide.accessDataFor
        : "Include inactive employees is off: terminated people are not read, so leavers cannot be archived.",
    ),
  ];
}

function testResult(answer: SourceTest, guide: PermissionGuide, again: () => Promise<void>): Node[] {
  if (answer.ok) {
    return [
      h(
        "p",
        { class: "ok" },
        `Connected. The service user can see ${formatNumber(answer.employees)} employees, of whom ` +
          `${formatNumber(answer.terminated)} terminated. The config is saved.`,
      ),
      answer.warning === null ? null : h("p", { class: "advice warning" }, answer.warning),
    ].filter((node): node is HTMLParagraphElement => node !== null);
  }
  const retry = h("button", { type: "button" }, "Test again");
  retry.addEventListener("click", () => void again());
  if (answer.missing.length === 0) return [h("p", { class: "error" }, answer.message), retry];
  return [
    h("h3", {}, `The service user cannot read ${answer.missing.length} fields`),
    h("p", {}, "Allow each of these in the service user's permission group, then test again:"),
    h(
      "ul",
      { class: "checklist", "aria-label": "Missing permissions" },
      ...answer.missing.map((field, index) => {
        const id = `missing-${index}`;
        return h(
          "li",
          {},
          h("input", { type: "checkbox", id }),
          h("label", { for: id }, permissionText(field)),
        );
      }),
    ),
    h("p", { class: "advice" }, guide.delayHint),
    retry,
  ];
}
