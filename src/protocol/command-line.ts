import { parseArgs } from "node:util";

export type Command =
  | { readonly name: "spec" }
  | { readonly name: "check"; readonly config: string }
  | { readonly name: "discover"; readonly config: string }
  | { readonly name: "read"; readonly config: string; readonly catalog: string; readonly state?: string }
  | { readonly name: "write"; readonly config: string; readonly catalog: string };

export type CommandName = Command["name"];

export class UsageError extends Error {
  override readonly name = "UsageError";
}

const OPTIONS = {
  spec: [],
  check: ["config"],
  discover: ["config"],
  read: ["config", "catalog", "state"],
  write: ["config", "catalog"],
} as const satisfies Record<CommandName, readonly string[]>;

export function usage(program: string, commands: readonly CommandName[]): string {
  const lines: Record<CommandName, string> = {
    spec: `${program} spec`,
    check: `${program} check --config CONFIG.json`,
    discover: `${program} discover --config CONFIG.json`,
    read: `${program} read --config CONFIG.json --catalog CATALOG.json [--state STATE.json]`,
    write: `${program} write --config CONFIG.json --catalog CATALOG.json < messages.jsonl`,
  };
  return ["Usage:", ...commands.map((command) => `  ${lines[command]}`)].join("\n");
}

function isCommandName(value: string, allowed: readonly CommandName[]): value is CommandName {
  return (allowed as readonly string[]).includes(value);
}

/** Parses `<command> [--config F] [--catalog F] [--state F]`; throws UsageError for anything else. */
export function parseCommandLine(argv: readonly string[], allowed: readonly CommandName[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { config: { type: "string" }, catalog: { type: "string" }, state: { type: "string" } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [name, ...extra] = parsed.positionals;
  if (name === undefined) throw new UsageError("No command given.");
  if (!isCommandName(name, allowed)) throw new UsageError(`Unknown command '${name}'.`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument '${extra.join(" ")}'.`);
  const values = parsed.values;
  const takes: readonly string[] = OPTIONS[name];
  for (const option of Object.keys(values)) {
    if (!takes.includes(option)) throw new UsageError(`'${name}' does not take --${option}.`);
  }
  const need = (option: "config" | "catalog"): string => {
    const value = values[option];
    if (value === undefined) throw new UsageError(`'${name}' needs --${option} FILE.`);
    return value;
  };
  switch (name) {
    case "spec":
      return { name };
    case "check":
      return { name, config: need("config") };
    case "discover":
      return { name, config: need("config") };
    case "read":
      return {
        name,
        config: need("config"),
        catalog: need("catalog"),
        ...(values.state === undefined ? {} : { state: values.state }),
      };
    case "write":
      return { name, config: need("config"), catalog: need("catalog") };
  }
}
