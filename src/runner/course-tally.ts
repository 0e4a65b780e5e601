import type { CourseCount } from "../learner-events/index.js";
import type { CourseAssignments } from "./sync-report.js";

const total = (courses: Iterable<CourseCount>): number => {
  let sum = 0;
  for (const entry of courses) sum += entry.learners;
  return sum;
};

/**
 * Course assignments counted per course and trigger instead of listed per learner: a first sync assigns the
 * same course to everyone, and a line for each would bury the changes that matter.
 */
export class CourseTally {
  readonly #listed = new Map<string, CourseCount>();
  #counted: readonly CourseCount[] | undefined;

  /** One `assign` change the destination listed (it lists changes up to its report limit). */
  listed(course: string, trigger: string): void {
    const key = `${course}\u0000${trigger}`;
    this.#listed.set(key, { course, trigger, learners: (this.#listed.get(key)?.learners ?? 0) + 1 });
  }

  /** The destination's own counts, every assignment (batch and summary events); older writers send none. */
  counted(courses: readonly CourseCount[] | undefined): void {
    if (courses !== undefined) this.#counted = courses;
  }

  /** Per course: the destination's counts when it sent them, else the listed assignments counted. */
  courses(): CourseAssignments[] {
    return (this.#counted ?? [...this.#listed.values()]).map(({ course, trigger, learners }) => ({
      course,
      trigger,
      learners,
    }));
  }

  /** Assignments the destination counted among the changes it did not list: `courses()` has them now. */
  unlisted(): number {
    return this.#counted === undefined ? 0 : Math.max(0, total(this.#counted) - total(this.#listed.values()));
  }
}
