/** Where the project's documentation lives; specs link to it. */
export const PROJECT_URL = "https://github.com/hibob-learners/hibob-learners";
export const PROTOCOL_VERSION = "0.18.0";

export function docsUrl(page: string): string {
  return `${PROJECT_URL}/blob/main/docs/${page}`;
}
