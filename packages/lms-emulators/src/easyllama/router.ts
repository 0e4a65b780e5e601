import type { ApiHandler, EmulatorRequest, EmulatorResponse } from "@hibob-learners/emulator-kit";
import { bearerToken, emptyResponse, jsonResponse } from "@hibob-learners/emulator-kit";
import type { TokenAuthority } from "./auth.js";
import { createLocation, listLocations, listTrainings } from "./catalog.js";
import type { EasyLlamaContext } from "./context.js";
import { EasyLlamaHttpError, easyLlamaError, notFound } from "./errors.js";
import { assignTraining, listLearnerTrainings, unassignTraining } from "./learner-trainings.js";
import { archiveLearner, createLearner, getLearner, listLearners, updateLearner } from "./learners.js";
import { body, params } from "./params.js";

/** Routes below /api/v1. Everything but the token endpoint needs `Authorization: Bearer …`. */
export function createEasyLlamaApi(context: EasyLlamaContext, authority: TokenAuthority): ApiHandler {
  return (request) => {
    if (request.method === "POST" && request.path === "/oauth/token") {
      const answer = authority.issue(
        request.body,
        request.headers["content-type"],
        request.headers.authorization,
      );
      return jsonResponse(answer.status, answer.body, "application/json", { "cache-control": "no-store" });
    }
    if (!authority.accepts(bearerToken(request))) {
      return easyLlamaError(401, "Unauthorized", { "www-authenticate": 'Bearer realm="easyllama-emulator"' });
    }
    try {
      return route(context, request);
    } catch (error) {
      if (error instanceof EasyLlamaHttpError) return easyLlamaError(error.status, error.message);
      return easyLlamaError(500, error instanceof Error ? error.message : String(error));
    }
  };
}

function route(context: EasyLlamaContext, request: EmulatorRequest): EmulatorResponse {
  const segments = request.path.split("/").filter((segment) => segment !== "");
  const [collection, rawId, nested, rawNestedId, ...rest] = segments;
  const method = request.method;
  if (rest.length > 0) throw notFound(`Route ${request.path}`);

  if (collection === "learners" && rawId === undefined) {
    if (method === "GET") return json(200, { learners: listLearners(context, params(request)) });
    if (method === "POST") return json(201, { learner: createLearner(context, body(request, "learner")) });
    throw notAllowed(request);
  }
  if (collection === "learners" && rawId !== undefined && nested === undefined) {
    const id = integerId(rawId, request);
    if (method === "GET") return json(200, { learner: getLearner(context, id) });
    if (method === "PATCH")
      return json(200, { learner: updateLearner(context, id, body(request, "learner")) });
    if (method === "DELETE") {
      archiveLearner(context, id);
      return json(200, {});
    }
    throw notAllowed(request);
  }
  if (collection === "learners" && rawId !== undefined && nested === "learner_trainings") {
    const id = integerId(rawId, request);
    if (rawNestedId === undefined && method === "POST") {
      return json(201, { learner_training: assignTraining(context, id, body(request, "learner_training")) });
    }
    if (rawNestedId !== undefined && method === "DELETE") {
      unassignTraining(context, id, integerId(rawNestedId, request));
      return emptyResponse(204);
    }
    throw notAllowed(request);
  }
  if (rawId === undefined && method === "GET") {
    switch (collection) {
      case "learner_trainings":
        return json(200, { learner_trainings: listLearnerTrainings(context, params(request)) });
      case "trainings":
        return json(200, { trainings: listTrainings(context, params(request)) });
      case "locations":
        return json(200, { locations: listLocations(context, params(request)) });
    }
  }
  if (collection === "locations" && rawId === undefined && method === "POST") {
    return json(201, { location: createLocation(context, body(request, "location")) });
  }
  throw notFound(`Route ${method} ${request.path}`);
}

function json(status: number, payload: unknown): EmulatorResponse {
  return jsonResponse(status, payload);
}

function integerId(raw: string, request: EmulatorRequest): number {
  if (!/^\d+$/.test(raw)) throw notFound(`Route ${request.path}`);
  return Number(raw);
}

function notAllowed(request: EmulatorRequest): EasyLlamaHttpError {
  return new EasyLlamaHttpError(405, `${request.method} is not supported on ${request.path}`);
}
