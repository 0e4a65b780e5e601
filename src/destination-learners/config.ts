import { z } from "zod";

const SqliteTarget = z
  .object({
    type: z.literal("sqlite").default("sqlite").meta({ order: 0 }),
    path: z
      .string()
      .trim()
      .min(1)
      .default("learners.db")
      .meta({
        title: "Learner directory file",
        description: "Path of the embedded SQLite learner directory; created on first write.",
        examples: ["learners.db", "/airbyte/learners.db"],
        order: 1,
      }),
  })
  .meta({ title: "Embedded learner directory (SQLite)" });

export const DestinationConfig = z.object({
  target: z.discriminatedUnion("type", [SqliteTarget]).default({ type: "sqlite", path: "learners.db" }).meta({
    title: "Learner target",
    description: "Where learners are written.",
    order: 0,
  }),
});
export type DestinationConfig = z.infer<typeof DestinationConfig>;
