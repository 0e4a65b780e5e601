import { afterEach, describe, expect, it } from "vitest";
import {
  nextState,
  readSource,
  recordsOf,
  statesOf,
  emulatorConfig,
} from "../../test/helpers/read-source.js";
import { catalogOf } from "../../test/helpers/read-source.js";
import { startLeave } from "@hibob-learners/hibob-emulator";
import { lifecycleStatus } from "@hibob-learners/hibob-emulator";
import { type HibobEmulator, type ScopeOptions, startHibobEmulator } from "@hibob-learners/hibob-emulator";
import { resolveServiceUser } from "@hibob-learners/hibob-emulator";
import type { AirbyteMessage } from "../protocol/index.js";
import { checkConnection } from "./check.js";
import { createRun } from "./run.js";
import { absenceProof, scopeWarning, seesTerminated, showsInactive } from "./scope.js";

let emulator: HibobEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(scope: ScopeOptions): Promise<HibobEmulator> {
  emulator = await startHibobEmulator({
    employees: 50,
    seed: 13,
    today: "2026-03-02",
    rateLimits: false,
    serviceUsers: [{ id: "emulator", token: "emulator-token", scope }],
  });
  return emulator;
}

const warnings = (messages: readonly AirbyteMessage[]): string[] =>
  messages.flatMap((m) => (m.type === "LOG" && m.log.level === "WARN" ? [m.log.message] : []));
const streamStates = (messages: readonly AirbyteMessage[]): unknown[] =>
  statesOf(messages).map((m) => (m.type === "STATE" ? m.state.stream?.stream_state : undefined));

describe("whether the service user's view can prove someone gone", () => {
  const onLeave = { internal: { status: "Active", lifecycleStatus: "parental leave" } };
  it.each([
    [
      "someone Inactive and someone on leave (nested form): proves it",
      [onLeave, { internal: { status: "Inactive", lifecycleStatus: "terminated" } }],
      true,
      true,
    ],
    [
      "someone Inactive on leave (slash form): proves it",
      [{ "/internal/status": { value: "inactive" }, "/internal/lifecycleStatus": { value: "Leave" } }],
      true,
      true,
    ],
    ["only Active people (Everyone): cannot", [onLeave], true, false],
    [
      "inactive people but nobody on leave (a condition without Leave): cannot",
      [{ internal: { status: "Inactive", lifecycleStatus: "terminated" } }],
      true,
      false,
    ],
    ["no status readable: cannot", [{ id: "1" }, { id: "2" }], true, false],
    [
      "include_inactive off: cannot",
      [{ internal: { status: "Inactive", lifecycleStatus: "leave" } }],
      false,
      false,
    ],
  ])("%s", (_name, employees, includeInactive, proves) => {
    expect(absenceProof(employees, includeInactive).proves).toBe(proves);
  });

  it.each([
    [[{ internal: { lifecycleStatus: "employed", status: "Active" } }], false],
    [[{ internal: { lifecycleStatus: "terminated" } }], true],
    [[{ internal: { lifecycleStatus: "Terminated" } }], true],
    [[{ "/internal/lifecycleStatus": { value: "terminated" } }], true],
    [[{ internal: { lifecycleStatus: "hired", status: "Inactive" } }], false],
    [[{ work: {} }, null], false],
  ])("seesTerminated(%j) is %s", (employees, expected) => {
    expect(seesTerminated(employees)).toBe(expected);
  });

  it("names the cause and the fix when it cannot", () => {
    const why = (employees: unknown[], on = true) => {
      const proof = absenceProof(employees, on);
      return proof.proves ? "" : proof.why;
    };
    expect(why([{ internal: { status: "Active" } }])).toMatch(/Access data for.*Leave/);
    expect(why([{ internal: { status: "Inactive", lifecycleStatus: "terminated" } }])).toMatch(
      /nobody on leave is visible.*Leave/,
    );
    expect(why([{ id: "1" }])).toContain("internal.status");
    expect(why([{ internal: { status: "Inactive" } }], false)).toContain("include_inactive");
    expect(showsInactive([{ internal: { status: "Active" } }])).toBe(false);
  });

  it("check warns when 'Access data for' shows active people only, naming people on leave and the fix", async () => {
    const bob = await start({ activeOnly: true });
    const status = await checkConnection(createRun(emulatorConfig(bob.baseUrl), { requestsPerMinute: 0 }));
    expect(status.status).toBe("SUCCEEDED");
    expect(status.message).toMatch(/^Connected, with a warning: Absence from Bob proves nothing/);
    expect(status.message).toContain("on leave");
    expect(status.message).toContain("no learner is archived as missing");
  });

  it("a full pass over a view that hides inactive people says so on every state, and warns once", async () => {
    const bob = await start({ activeOnly: true });
    const config = emulatorConfig(bob.baseUrl);
    const messages = await readSource(config, catalogOf(["employees"], "full_refresh"), {
      checkpointInterval: 10,
    });
    const states = streamStates(messages);
    expect(states.length).toBeGreaterThan(2);
    for (const state of states) expect(state).toMatchObject({ absence_unproven: true });
    expect(warnings(messages)).toEqual([
      expect.stringMatching(/^employees: Absence from Bob proves nothing/),
    ]);

    bob.state.users.set(
      "emulator",
      resolveServiceUser({ id: "emulator", token: "emulator-token", scope: { terminated: true } }),
    );
    const wide = await readSource(config, catalogOf(["employees"], "full_refresh"));
    for (const state of streamStates(wide)) expect(state).not.toHaveProperty("absence_unproven");
    expect(warnings(wide)).toEqual([]);
  });

  it("an incremental read sends no deletion record for someone hidden by leave, and remembers them", async () => {
    const bob = await start({ activeOnly: true });
    const config = emulatorConfig(bob.baseUrl);
    const catalog = catalogOf(["employees"], "incremental");
    const first = await readSource(config, catalog);
    const person = bob.company.employees.find(
      (e) => lifecycleStatus(e, bob.company.today) === "employed" && e.terminationDate === null,
    );
    if (person === undefined) throw new Error("no employed person");
    startLeave(bob.company, person);
    const second = await readSource(config, catalog, { state: nextState(first) });
    expect(recordsOf(second, "employees").filter((r) => r.id === person.id)).toEqual([]);
    expect(recordsOf(second, "employees").filter((r) => "_ab_cdc_deleted_at" in r)).toEqual([]);
    expect(JSON.stringify(nextState(second))).toContain(person.id);

    bob.state.users.set(
      "emulator",
      resolveServiceUser({ id: "emulator", token: "emulator-token", scope: { terminated: true } }),
    );
    const third = await readSource(config, catalog, { state: nextState(second) });
    const back = recordsOf(third, "employees").filter((r) => r.id === person.id);
    expect(back).toEqual([
      expect.objectContaining({ internal: expect.objectContaining({ lifecycleStatus: "leave" }) }),
    ]);
  });

  it.each([
    ["hired, employed and terminated but no Leave", { terminated: true, leave: false }],
    ["hired and employed only", { leave: false }],
  ])(
    "a view of %s proves nothing: check warns and every state of a full pass says so",
    async (_name, scope) => {
      const bob = await start(scope);
      const config = emulatorConfig(bob.baseUrl);
      const status = await checkConnection(createRun(config, { requestsPerMinute: 0 }));
      expect(status.message).toMatch(
        /nobody on leave is visible.*"Access data for" leaves out the Leave statuses/,
      );
      const messages = await readSource(config, catalogOf(["employees"], "full_refresh"));
      for (const state of streamStates(messages)) expect(state).toMatchObject({ absence_unproven: true });
      expect(warnings(messages)).toEqual([expect.stringMatching(/nobody on leave is visible/)]);
    },
  );

  it("check warns about leavers only once absence is provable", () => {
    const employed = { internal: { status: "Active", lifecycleStatus: "employed" } };
    const leave = { internal: { status: "Inactive", lifecycleStatus: "leave" } };
    const leaver = { internal: { status: "Inactive", lifecycleStatus: "terminated" } };
    expect(scopeWarning([employed, leave], true)).toMatch(/No terminated employee is visible/);
    expect(scopeWarning([employed, leave, leaver], true)).toBeNull();
    expect(scopeWarning([employed, leaver], true)).toMatch(/nobody on leave is visible/);
    expect(scopeWarning([employed, leave, leaver], false)).toMatch(/include_inactive is off/);
  });
});
