#!/usr/bin/env node
import { destinationLearners } from "../destination-learners/destination.js";
import { main } from "../protocol/index.js";

await main(destinationLearners);
