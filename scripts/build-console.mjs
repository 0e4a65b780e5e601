// Bundles the console's browser client (src/console/client) into dist/console/client: one script and one style
// file, which the console serves under a CSP that allows nothing inline. Part of `npm run build`, so `npm ci` runs it.
import { build } from "esbuild";

await build({
  entryPoints: [
    { in: "src/console/client/main.ts", out: "console" },
    { in: "src/console/client/console.css", out: "console" },
  ],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["chrome110", "firefox110", "safari16"],
  outdir: "dist/console/client",
  logLevel: "warning",
  legalComments: "none",
});
