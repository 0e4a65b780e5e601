/** The course triggers as people say them. */
export const TRIGGER_LABELS: Readonly<Record<string, string>> = {
  new_learner: "New learner",
  promoted_to_supervisor: "Promoted to manager",
  moved_location: "Moved site",
  moved_department: "Moved department",
  every_learner: "Every learner (catch-up)",
};
