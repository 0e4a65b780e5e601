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
