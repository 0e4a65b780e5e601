import { cpus, totalmem } from "node:os";

/** What the numbers were measured on, so results from different machines are not compared blindly. */
export function machineInfo(): Record<string, string | number> {
  const cores = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuModel: cores[0]?.model.trim() ?? "unknown",
    cpuCount: cores.length,
    totalMemoryMb: Math.round(totalmem() / 2 ** 20),
    date: new Date().toISOString(),
  };
}
