import type { RunWarnings } from "../run-warnings.js";
import { AttributeSupport } from "./attribute-support.js";
import type { ScimCapabilities } from "./capabilities.js";
import { capabilitiesOf } from "./capabilities.js";
import type { ScimClient } from "./client.js";

/** What a run knows of the SCIM server it writes to: what it says it supports, and what it keeps. */
export interface ScimServer {
  readonly capabilities: ScimCapabilities;
  readonly support: AttributeSupport;
  readonly warnings: RunWarnings;
}

/** Asks the server what it supports (once per run), telling what it lacks that a sync would use. */
export async function discoverServer(client: ScimClient, warnings: RunWarnings): Promise<ScimServer> {
  const capabilities = capabilitiesOf(await client.discover());
  return { capabilities, support: new AttributeSupport(capabilities, warnings), warnings };
}
