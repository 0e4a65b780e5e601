import { open } from "node:fs/promises";
import { SYNCED_AT } from "../../src/source-hibob/employee-schema.js";
import { employee } from "../../test/fixtures/employee.js";

const STREAM = "employees";
const CHECKPOINT_EVERY = 1_000;

/** The nth bench employee: every tenth a manager, the others reporting to the manager before them. */
function benchEmployee(n: number): Record<string, unknown> {
  const id = String(3_000_000_000_000_000_000n + BigInt(n));
  const managerN = n - (n % 10);
  const managerId = String(3_000_000_000_000_000_000n + BigInt(managerN));
  const firstName = `First${String(n)}`;
  return employee({
    id,
    firstName,
    surname: "Bench",
    email: `first${String(n)}.bench@acme.test`,
    isManager: n % 10 === 0,
    reportsTo:
      n % 10 === 0
        ? null
        : {
            id: managerId,
            firstName: `First${String(managerN)}`,
            surname: "Bench",
            email: `first${String(managerN)}.bench@acme.test`,
            displayName: `First${String(managerN)} Bench`,
          },
  });
}

/**
 * Writes what source-hibob would send a destination for `count` employees: RECORD messages on `employees` and
 * a STATE after every 1,000, as the source checkpoints.
 */
export async function writeEmployeeMessages(path: string, count: number): Promise<void> {
  const syncedAt = new Date().toISOString();
  const emittedAt = Date.now();
  const file = await open(path, "w");
  try {
    let block: string[] = [];
    for (let n = 0; n < count; n++) {
      const data = { ...benchEmployee(n), [SYNCED_AT]: syncedAt };
      block.push(JSON.stringify({ type: "RECORD", record: { stream: STREAM, data, emitted_at: emittedAt } }));
      if ((n + 1) % CHECKPOINT_EVERY === 0 || n + 1 === count) {
        const state = { [SYNCED_AT]: syncedAt, done: n + 1 };
        block.push(
          JSON.stringify({
            type: "STATE",
            state: { type: "STREAM", stream: { stream_descriptor: { name: STREAM }, stream_state: state } },
          }),
        );
        await file.write(`${block.join("\n")}\n`);
        block = [];
      }
    }
  } finally {
    await file.close();
  }
}
