import type { Learner } from "../../learner.js";
import type { RunWarnings } from "../run-warnings.js";
import type { ScimCapabilities } from "./capabilities.js";
import type { JsonObject, ScimField } from "./user-resource.js";
import {
  attributeOf,
  heldFields,
  isEnterpriseField,
  ownerOf,
  SCIM_FIELDS,
  userToLearner,
} from "./user-resource.js";

/** Fields every SCIM server keeps: the userName (the learner's email) and `active`. */
const ALWAYS_KEPT: ReadonlySet<ScimField> = new Set(["email", "status"]);

/**
 * Never presumed dropped from a load: externalId is how learners are matched, and users made by hand or by SSO
 * lack it until this destination adopts them. Only an answer to a write can show a server drops it.
 */
const NEVER_PRESUMED: ReadonlySet<ScimField> = new Set([...ALWAYS_KEPT, "external_id"]);

/** The core User attribute a field is checked against in /Schemas; externalId is common to all resources. */
const schemaAttribute = (field: ScimField): string | undefined =>
  field === "external_id" || isEnterpriseField(field) ? undefined : attributeOf(field).split(".")[0];

const list = (fields: Iterable<ScimField>): string =>
  [...fields]
    .map((field) => (attributeOf(field) === field ? field : `${field} (${attributeOf(field)})`))
    .join(", ");

/**
 * What one SCIM server keeps of a user, learnt once per run (RFC 7644 §3.3: a server may ignore attributes it
 * is sent). A field is `dropped` when discovery says the server has no place for it, or when an answer to a
 * write lacks what was sent; it is `presumed` dropped when no user the server lists holds it. Planning compares
 * neither (so no write is planned, sync after sync, for what cannot stick), and writes send neither, except
 * that a create still sends the presumed ones: its answer shows whether the server keeps them after all.
 */
export class AttributeSupport {
  readonly #dropped = new Set<ScimField>();
  readonly #presumed = new Set<ScimField>();
  readonly #warnings: RunWarnings;

  constructor(capabilities: ScimCapabilities, warnings: RunWarnings) {
    this.#warnings = warnings;
    const fields: ScimField[] = [...SCIM_FIELDS, "manager"];
    if (!capabilities.enterprise) {
      this.#drop(fields.filter(isEnterpriseField), "it has no enterprise User extension (/ResourceTypes)");
    }
    const named = capabilities.userAttributes;
    if (named !== undefined) {
      const missing = fields.filter((field) => {
        const attribute = schemaAttribute(field);
        return attribute !== undefined && !ALWAYS_KEPT.has(field) && !named.has(attribute);
      });
      this.#drop(missing, "its User schema (/Schemas) has no such attribute");
    }
  }

  /** The learner fields planning compares and updates write. */
  get fields(): readonly (keyof Learner)[] {
    return SCIM_FIELDS.filter((field) => !this.#dropped.has(field) && !this.#presumed.has(field));
  }

  /**
   * The learner fields a write may send: the presumed ones too, for a create (its answer can prove them kept)
   * or an update the plan chose to make (Bob has values for only a few learners: likely new ones).
   */
  get sendable(): readonly (keyof Learner)[] {
    return SCIM_FIELDS.filter((field) => !this.#dropped.has(field));
  }

  /** Whether manager links are planned and written, on creates and by the manager pass. */
  get managerLinks(): boolean {
    return !this.#dropped.has("manager");
  }

  /**
   * A load: fields none of the users this destination wrote (those with an externalId; two at least, so one
   * odd user proves nothing) holds are presumed dropped; planning decides what to do about them
   * (`presumedFields`). Not the manager link: a company's first links are often still to make, and a link's
   * own answer tells.
   */
  presumeFrom(users: readonly JsonObject[]): void {
    this.#presumed.clear();
    const ours = users.filter((user) => ownerOf(user) !== null);
    if (ours.length < 2) return;
    const held = new Set<ScimField>();
    for (const user of ours) for (const field of heldFields(user)) held.add(field);
    const unheld = SCIM_FIELDS.filter(
      (field) => !held.has(field) && !NEVER_PRESUMED.has(field) && !this.#dropped.has(field),
    );
    for (const field of unheld) this.#presumed.add(field);
  }

  /** The learner fields presumed dropped: planning counts the values it withholds (`Plan.withheld`). */
  get presumed(): readonly (keyof Learner)[] {
    return SCIM_FIELDS.filter((field) => this.#presumed.has(field));
  }

  /**
   * What a write's answer (the user as the server now holds it) shows of what was sent: fields it lacks, fields
   * it holds another value for (the server computes or rewrites them), and fields it keeps as sent.
   */
  #compare(sent: Learner, fields: readonly (keyof Learner)[], managerSent: boolean, answer: JsonObject) {
    const kept = userToLearner(answer, new Map());
    // An answer without the user's id or userName is no user: it shows nothing.
    if (kept === undefined) return { lacks: [], rewrites: [], keeps: [] };
    const held = heldFields(answer);
    const lacks: ScimField[] = [];
    const rewrites: ScimField[] = [];
    const keeps: ScimField[] = [];
    for (const field of fields) {
      if (sent[field] === null || ALWAYS_KEPT.has(field)) continue;
      if (!held.has(field)) lacks.push(field);
      else if (kept.learner[field] !== sent[field]) rewrites.push(field);
      else keeps.push(field);
    }
    if (managerSent && !held.has("manager")) lacks.push("manager");
    return { lacks, rewrites, keeps };
  }

  /** Whether an answer lacks something sent that is not known dropped yet: worth a read-back before learning. */
  lacksNew(
    sent: Learner,
    fields: readonly (keyof Learner)[],
    managerSent: boolean,
    answer: JsonObject,
  ): boolean {
    return this.#compare(sent, fields, managerSent, answer).lacks.some((field) => !this.#dropped.has(field));
  }

  /**
   * Learns from the user as the server holds it after a write (its answer, or a read-back): what it lacks or
   * holds another value for is not planned or sent again this run; what it keeps is no longer presumed dropped.
   */
  learnFrom(
    sent: Learner,
    fields: readonly (keyof Learner)[],
    managerSent: boolean,
    answer: JsonObject,
  ): void {
    const { lacks, rewrites, keeps } = this.#compare(sent, fields, managerSent, answer);
    for (const field of keeps) this.#presumed.delete(field);
    const fresh = (found: readonly ScimField[]) => found.filter((field) => !this.#dropped.has(field));
    this.#drop(fresh(lacks), "the users it answers with lack them (the server ignores them)");
    this.#drop(fresh(rewrites), "the users it answers with hold other values (the server sets them itself)");
  }

  /** A manager link's answer: a user that does not hold the manager it was just given drops links. */
  learnManager(answer: JsonObject): void {
    if (!heldFields(answer).has("manager") && !this.#dropped.has("manager")) {
      this.#drop(["manager"], "the users it answers with lack them (the server ignores them)");
    }
  }

  #drop(fields: readonly ScimField[], why: string): void {
    if (fields.length === 0) return;
    for (const field of fields) {
      this.#dropped.add(field);
      this.#presumed.delete(field);
    }
    this.#warnings.add(`The SCIM server does not keep ${list(fields)}: ${why}. They are not written.`);
  }
}
