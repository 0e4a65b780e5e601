import type { ConsoleState, DestinationTest } from "../api-types.js";
import { api } from "./api.js";
import { h, replace, titled } from "./dom.js";
import type { SpecForm } from "./spec-form.js";
import { specForm } from "./spec-form.js";
import { announce } from "./status.js";

/**
 * Step 2, the learning platform: the destination spec's `target` (its variants a choice) and Test connection,
 * which runs the destination's check and saves the config, settings untouched, when it passes.
 */
export function platformPage(state: ConsoleState, reload: () => Promise<ConsoleState>): HTMLElement {
  let saved = state.destination.config ?? {};
  const formSlot = h("div", {});
  const mount = (): SpecForm => {
    const created = specForm(state.destination.spec, saved, { idPrefix: "lms", only: ["target"] });
    replace(formSlot, created.element);
    return created;
  };
  let form = mount();
  const result = h("div", { class: "result" });
  const button = h("button", { type: "button", class: "primary" }, "Test connection");
  button.addEventListener("click", () => {
    void (async () => {
      button.disabled = true;
      announce("Testing the connection to the learning platform…");
      try {
        const answer = await api<DestinationTest>("POST", "/destination/test", {
          config: { ...saved, ...form.value() },
        });
        form.showProblems(answer.ok ? [] : answer.problems);
        if (answer.ok) {
          replace(
            result,
            h("p", { class: "ok" }, "Connected. The config is saved."),
            answer.message === null ? null : h("p", { class: "advice" }, answer.message),
          );
          announce("Connected to the learning platform.", "ok");
          // Drawn again from the saved config, so no secret typed stays in the page.
          saved = (await reload()).destination.config ?? {};
          form = mount();
        } else {
          replace(result, h("p", { class: "error" }, answer.message));
          announce(`Test failed: ${answer.message}`, "error");
        }
      } finally {
        button.disabled = false;
      }
    })();
  });
  return titled(
    "page",
    "lms",
    "Connect the learning platform",
    h(
      "p",
      { class: "lead" },
      "Where learners are written: the embedded learner directory (SQLite), any LMS with SCIM 2.0 provisioning, or EasyLlama.",
    ),
    formSlot,
    h("div", { class: "actions" }, button),
    result,
  );
}
