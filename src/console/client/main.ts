import type { ConsoleState } from "../api-types.js";
import { api, failureText } from "./api.js";
import { bobPage } from "./bob-page.js";
import { h, replace } from "./dom.js";
import { historyPage } from "./history-page.js";
import { platformPage } from "./platform-page.js";
import { runPage } from "./run-page.js";
import { settingsPage } from "./settings-page.js";
import { announce, statusRegion } from "./status.js";

// The console's client: a page per step of the connection flow, chosen by the address's #fragment, each drawn
// from the API's state. The page itself holds no secret and stores nothing in the browser.

const STEPS = [
  { id: "bob", title: "Connect Bob" },
  { id: "platform", title: "Learning platform" },
  { id: "settings", title: "Settings" },
  { id: "preview", title: "Preview" },
  { id: "sync", title: "Sync now" },
  { id: "history", title: "History" },
] as const;
type StepId = (typeof STEPS)[number]["id"];

const main = h("main", { id: "main", tabindex: "-1" });
const nav = h("nav", { "aria-label": "Steps" });
let dispose: () => void = () => undefined;

const stepOf = (): StepId => STEPS.find((step) => `#${step.id}` === window.location.hash)?.id ?? "bob";

/** Counts draws: a draw whose answers come after a newer one started (the page changed meanwhile) is dropped. */
let drawn = 0;

async function draw(focus: boolean): Promise<void> {
  const mine = ++drawn;
  try {
    await drawPage(focus, () => mine === drawn);
  } catch (error) {
    if (mine !== drawn) return;
    const text = failureText(error, "The console could not be loaded");
    replace(main, h("p", { class: "error" }, text));
    announce(text, "error");
  }
}

async function drawPage(focus: boolean, current: () => boolean): Promise<void> {
  const state = await api<ConsoleState>("GET", "/state");
  if (!current()) return;
  const step = stepOf();
  replace(
    nav,
    h(
      "ol",
      {},
      ...STEPS.map((entry) =>
        h(
          "li",
          {},
          h("a", { href: `#${entry.id}`, "aria-current": entry.id === step ? "page" : null }, entry.title),
        ),
      ),
    ),
  );
  dispose();
  dispose = () => undefined;
  const reload = (): Promise<ConsoleState> => api<ConsoleState>("GET", "/state");
  let page: HTMLElement;
  switch (step) {
    case "bob":
      page = bobPage(state, reload);
      break;
    case "platform":
      page = platformPage(state, reload);
      break;
    case "settings":
      page = settingsPage(state, reload);
      break;
    case "preview":
    case "sync": {
      const run = runPage(step, state);
      dispose = run.dispose;
      page = run.element;
      break;
    }
    case "history":
      page = await historyPage(state);
      if (!current()) return;
      break;
  }
  replace(main, ...state.problems.map((problem) => h("p", { class: "advice warning" }, problem)), page);
  const heading = main.querySelector<HTMLElement>("h2");
  if (focus && heading !== null) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
  document.title = `${STEPS.find((entry) => entry.id === step)?.title ?? ""} · hibob-learners console`;
  header
    .querySelector(".connection")
    ?.replaceChildren(
      `Connection ${state.connection} · ${state.files.source} → ${state.files.destination}${state.demo ? " · demo" : ""}`,
    );
}

const header = h("header", {}, h("h1", {}, "hibob-learners console"), h("p", { class: "connection" }));

function start(): void {
  const app = document.getElementById("app");
  if (app === null) return;
  replace(app, header, nav, statusRegion(), main);
  window.addEventListener("hashchange", () => void draw(true));
  void draw(false);
}

start();
