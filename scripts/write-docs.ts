// Regenerates the permission tables of docs/setup-hibob.md from the source's field groups: `npm run docs`.
import { readFile, writeFile } from "node:fs/promises";
import { renderPermissionDocs, replacePermissionBlock } from "../src/source-hibob/permission-docs.js";

const path = "docs/setup-hibob.md";
const url = new URL(`../${path}`, import.meta.url);
await writeFile(url, replacePermissionBlock(await readFile(url, "utf8"), renderPermissionDocs()));
process.stdout.write(`wrote ${path}\n`);
