import { z } from "zod";

export const DEFAULT_API_URL = "https://api.hibob.com/v1";
export const SANDBOX_API_URL = "https://api.sandbox.hibob.com/v1";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Bob only speaks HTTPS; plain http is allowed for the emulator on this machine and nowhere else. */
function isSafeApiUrl(value: string): boolean {
  const url = new URL(value);
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && (LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith("127."));
}

export const SourceConfig = z.object({
  service_user_id: z
    .string()
    .trim()
    .min(1)
    .meta({
      title: "Service user ID",
      description:
        "The ID of a Bob service user (Settings › Integrations › Automation › Service users). " +
        "It is the user name of the Basic credentials.",
      order: 0,
    }),
  service_user_token: z.string().min(1).meta({
    title: "Service user token",
    description: "The token shown once when the service user was created (or its renewed token).",
    airbyte_secret: true,
    order: 1,
  }),
  api_url: z
    .url({ protocol: /^https?$/ })
    .refine(isSafeApiUrl, "must use https (plain http only for a loopback emulator)")
    .default(DEFAULT_API_URL)
    .meta({
      title: "API URL",
      description: `Bob's public API base URL: production ${DEFAULT_API_URL}, or the sandbox ${SANDBOX_API_URL}.`,
      examples: [DEFAULT_API_URL, SANDBOX_API_URL],
      order: 2,
    }),
});
export type SourceConfig = z.infer<typeof SourceConfig>;
