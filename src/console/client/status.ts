import { failureText } from "./api.js";
import { h } from "./dom.js";

// One polite live region for the whole console: every result (a test, a save, a run's end) is announced there,
// so a screen reader hears it wherever the focus is.

const region = h("div", { role: "status", "aria-live": "polite", class: "status", id: "status" });

export function statusRegion(): HTMLElement {
  return region;
}

export function announce(text: string, tone: "info" | "ok" | "error" = "info"): void {
  region.className = `status status-${tone}`;
  // Emptied first, so the same words said twice are announced twice.
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = text;
  }, 30);
}

/** Runs `request` with `button` disabled meanwhile; a failure is shown in `result` (when given) and announced. */
export async function whileBusy(
  button: HTMLButtonElement,
  what: string,
  request: () => Promise<void>,
  result?: HTMLElement,
): Promise<void> {
  button.disabled = true;
  try {
    await request();
  } catch (error) {
    const text = failureText(error, what);
    if (result !== undefined) result.replaceChildren(h("p", { class: "error" }, text));
    announce(text, "error");
  } finally {
    button.disabled = false;
  }
}
