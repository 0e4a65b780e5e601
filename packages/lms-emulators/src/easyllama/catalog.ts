import type { JsonObject } from "@hibob-learners/emulator-kit";
import type { EasyLlamaContext } from "./context.js";
import { unprocessable } from "./errors.js";
import { locationSchema } from "./model.js";
import type { Location, Training } from "./model.js";
import { pageOf, positiveInteger } from "./params.js";
import { validate } from "./validation.js";

/** GET /trainings (CODE): the course catalogue, seeded at start; courses are not created through the API. */
export function listTrainings(context: EasyLlamaContext, params: JsonObject): Training[] {
  return pageOf(context.store.trainings(), positiveInteger(params.page, "page") ?? 1, context.pageSize);
}

export function listLocations(context: EasyLlamaContext, params: JsonObject): Location[] {
  return pageOf(context.store.locations(), positiveInteger(params.page, "page") ?? 1, context.pageSize);
}

/** POST /locations with {name} (CODE). INF: names are unique, case-insensitively. */
export function createLocation(context: EasyLlamaContext, input: unknown): Location {
  const { name } = validate(locationSchema, input);
  if (context.store.locations().some((location) => location.name.toLowerCase() === name.toLowerCase())) {
    throw unprocessable(`location '${name}' already exists`);
  }
  return context.store.addLocation(name);
}

/** The emulator's default catalogue: the courses EasyLlama's automations talk about (INF: names and ids). */
export const DEFAULT_TRAININGS: readonly string[] = [
  "Sexual Harassment Prevention (Non-Supervisor)",
  "Sexual Harassment Prevention (Supervisor)",
  "Cybersecurity Awareness",
  "HIPAA Compliance",
  "Diversity, Equity & Inclusion",
];
