#!/usr/bin/env node
import { main } from "../protocol/index.js";
import { sourceHibob } from "../source-hibob/source.js";

await main(sourceHibob);
