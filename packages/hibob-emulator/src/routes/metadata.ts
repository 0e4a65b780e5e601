// GET /company/people/fields (no permission needed) and the named lists.

import { FIELDS, fieldMetadata } from "../fields.js";
import type { Reply } from "../http.js";
import { bobError, jsonReply } from "../http.js";
import { allNamedLists, namedList } from "../named-lists.js";
import type { Call } from "./call.js";

/** A bare array, every field of the tenant, whatever the service user's permissions. */
export function listFields(_call: Call): Reply {
  return jsonReply(200, FIELDS.map(fieldMetadata));
}

export function listNamedLists(call: Call): Reply {
  return jsonReply(200, allNamedLists(call.query.get("includeArchived") === "true"));
}

/** Case-sensitive: `terminationreason` exists, `terminationReason` is a 404. */
export function getNamedList(call: Call): Reply {
  const name = call.params.name ?? "";
  const list = namedList(name, call.query.get("includeArchived") === "true");
  return list === undefined
    ? bobError(404, "list.not.found", `List ${name} was not found`)
    : jsonReply(200, list);
}
