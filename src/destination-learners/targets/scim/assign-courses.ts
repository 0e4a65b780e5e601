import type { Assignment } from "../../plan/index.js";
import type { ApplyLedger } from "../apply-ledger.js";
import { forEachLimited } from "../pool.js";
import type { RunWarnings } from "../run-warnings.js";
import type { ScimDirectory } from "./directory.js";
import { foldName, userIdOf } from "./directory.js";
import type { GroupWriter } from "./groups.js";

export const NO_GROUPS_WARNING =
  "The SCIM server has no Groups (/ResourceTypes, or 404 on /Groups): course rules assign no course through it. " +
  "Assign courses in the LMS, or use a target with course assignment.";

/**
 * Course assignments as group memberships, one request per course for many members (`GroupWriter`). A server
 * without Groups assigns nothing, told once per sync; a learner whose own write failed gets no course. `early`
 * ones come before the changes that trigger them: one refused holds its learner's change back, so the next
 * sync plans both again.
 */
export async function assignCourses(
  assignments: readonly Assignment[],
  early: boolean,
  groups: GroupWriter | undefined,
  directory: ScimDirectory,
  ledger: ApplyLedger,
  warnings: RunWarnings,
  lanes: number,
): Promise<void> {
  if (assignments.length === 0) return;
  if (groups === undefined) {
    warnings.add(NO_GROUPS_WARNING);
    return;
  }
  const byCourse = new Map<string, { course: string; members: { entry: Assignment; id: string }[] }>();
  for (const entry of assignments) {
    const id = userIdOf(directory, entry);
    if (ledger.failed(entry.external_id) || id === undefined) continue;
    const course = byCourse.get(foldName(entry.course)) ?? { course: entry.course, members: [] };
    course.members.push({ entry, id });
    byCourse.set(foldName(entry.course), course);
  }
  await forEachLimited([...byCourse.values()], lanes, async ({ course, members }) => {
    const results = await groups.addMembers(
      course,
      members.map(({ id }) => id),
    );
    for (const { entry, id } of members) {
      const membership = results.get(id);
      if (membership?.ok === false) {
        if (early) ledger.rejectLearner(entry, membership.reason, entry);
        else ledger.rejectPart(entry, membership.reason, entry);
      } else if (membership?.added === true) ledger.count("assigned");
    }
  });
}
