// Regenerates the committed spec and schema files from the zod definitions: `npm run specs`.
import { writeFile } from "node:fs/promises";
import { GOLDEN_FILES } from "../src/specs.js";

for (const { path, content } of GOLDEN_FILES) {
  await writeFile(new URL(`../${path}`, import.meta.url), `${JSON.stringify(content, null, 2)}\n`);
  process.stdout.write(`wrote ${path}\n`);
}
