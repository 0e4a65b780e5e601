import type { Learner } from "../learner.js";
import type { Match } from "./match.js";

/** The fields a plan compares, and those it leaves alone because the target presumably drops them. */
export interface Comparison {
  /** Undefined: every field. */
  readonly compared: readonly (keyof Learner)[] | undefined;
  readonly presumed: readonly (keyof Learner)[];
}

/**
 * Decides, per field no learner on the target holds (`candidates`), whether the target drops it: when Bob has a
 * value for most of the learners it holds (half at least, two at least), a target that kept the field would hold
 * some of them, so it is presumed dropped and left alone. When Bob has values for only a few, they are likely
 * new (phones filled in last week): the field is compared and written, and the answers show whether it stays.
 */
export function presumedFields(
  matches: readonly Match[],
  fields: readonly (keyof Learner)[] | undefined,
  candidates: readonly (keyof Learner)[] = [],
): Comparison {
  const held = matches.filter((entry) => entry.current !== undefined);
  const presumed = candidates.filter((field) => {
    const valued = held.filter((entry) => entry.desired[field] !== null).length;
    return valued >= 2 && valued * 2 >= held.length;
  });
  const written = candidates.filter((field) => !presumed.includes(field));
  return {
    compared: fields === undefined ? undefined : [...fields, ...written],
    presumed,
  };
}
