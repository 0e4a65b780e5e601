/** How the plan compares emails and rule values: case and surrounding spaces tell none apart. */
export const fold = (value: string): string => value.trim().toLowerCase();
