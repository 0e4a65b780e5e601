// The plan lives in plan/; this file keeps `./plan.js` imports working until their files are free to change
// (write.ts, report.ts, the runner's sync-tally test). It then goes.
export * from "./plan/index.js";
