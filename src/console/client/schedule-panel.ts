import type { ScheduleView } from "../api-types.js";
import { api } from "./api.js";
import { formatTime, h, replace, titled } from "./dom.js";
import { announce, whileBusy } from "./status.js";

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", current, ...zones])];
}

/** The daily schedule: on or off in this console, a time and a time zone, and the command that runs it without. */
export function schedulePanel(schedule: ScheduleView): HTMLElement {
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
    void whileBusy(save, "Schedule not saved", async () => {
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
    });
  });
  return titled(
    "panel",
    "schedule",
    "Daily schedule",
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
