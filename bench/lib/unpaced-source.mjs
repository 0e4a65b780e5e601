// The built source-hibob with its client-side pacer off (requests_per_minute cannot go below 1 in a config): the
// same connector, streams and emitter, so a read measures the connector's own work rather than its politeness
// towards Bob's 50-a-minute quota. The project's in-process test reads run it the same way.
import { main, readCatalog } from "../../dist/protocol/index.js";
import { createRun } from "../../dist/source-hibob/run.js";
import { sourceHibob, STREAMS } from "../../dist/source-hibob/source.js";

await main({
  ...sourceHibob,
  read: (config, catalog, state, { emitter }) =>
    readCatalog(STREAMS, createRun(config, { requestsPerMinute: 0 }), catalog, state, emitter),
});
