/**
 * The tests' SCIM client: plain fetch over loopback, JSON in and out, no retries, so every answer the
 * emulator gives is seen as it is. Kept out of index.ts: it is not part of the emulator's surface.
 */
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export interface ScimAnswer {
  readonly status: number;
  readonly body: unknown;
}

export type ScimCall = (method: string, path: string, body?: unknown) => Promise<ScimAnswer>;

export function scimClient(server: { readonly baseUrl: string; readonly token: string }): ScimCall {
  return async (method, path, body) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/scim+json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
  };
}

export function patchOp(...operations: readonly Record<string, unknown>[]) {
  return { schemas: [PATCH_OP], Operations: operations };
}

/** POSTs and returns the new id, failing loudly when the server did not create. */
export async function created(call: ScimCall, path: string, resource: unknown): Promise<string> {
  const answer = await call("POST", path, resource);
  if (answer.status !== 201)
    throw new Error(`POST ${path} gave ${answer.status}: ${JSON.stringify(answer.body)}`);
  return (answer.body as { id: string }).id;
}

/** The `Resources` of a ListResponse. */
export function resources(body: unknown): Record<string, unknown>[] {
  return (body as { Resources: Record<string, unknown>[] }).Resources;
}

/** The id of a resource the handle returned (users.add, groups.get…). */
export function idOf(resource: { readonly id?: unknown } | undefined): string {
  if (typeof resource?.id !== "string") throw new Error(`no id in ${JSON.stringify(resource)}`);
  return resource.id;
}
