import { SourceConfig } from "../../src/source-hibob/config.js";
import { FieldMetadataList } from "../../src/source-hibob/field-metadata.js";
import { selectFields } from "../../src/source-hibob/selection.js";
import { script } from "./files.js";
import { BENCH_USER } from "./hibob-process.js";
import type { MeasuredRun } from "./measured-process.js";
import { measureNode } from "./measured-process.js";

/** The bench's source config for an emulator, as written to the config file and as the source parses it. */
export function benchSourceConfig(baseUrl: string): { raw: Record<string, string>; parsed: SourceConfig } {
  const raw = { service_user_id: BENCH_USER.id, service_user_token: BENCH_USER.token, api_url: baseUrl };
  return { raw, parsed: SourceConfig.parse(raw) };
}

/** The source's own field selection for this config and company, so the baseline asks for the same fields. */
async function searchFields(config: SourceConfig): Promise<readonly string[]> {
  const credential = Buffer.from(`${config.service_user_id}:${config.service_user_token}`).toString("base64");
  const response = await fetch(`${config.api_url}/company/people/fields`, {
    headers: { authorization: `Basic ${credential}` },
  });
  return selectFields(config, FieldMetadataList.parse(await response.json())).ids;
}

/** Prepares the raw read baseline (raw-read.mjs) for a source config; each call of the result is one run. */
export async function rawReadBaseline(config: SourceConfig): Promise<() => Promise<MeasuredRun>> {
  const plan = JSON.stringify({
    baseUrl: config.api_url,
    user: config.service_user_id,
    token: config.service_user_token,
    fields: await searchFields(config),
    batchSize: config.batch_size,
    showInactive: config.include_inactive,
  });
  return () => measureNode([script("raw-read.mjs"), plan], { count: "\n" });
}
