import { describe, expect, it } from "vitest";
import { ENTERPRISE_USER_SCHEMA as E, startScimEmulator } from "./index.js";
import type { ScimEmulatorOptions } from "./index.js";

/** Options are checked before the server listens, so a refused start leaves nothing running. */
async function refused(options: ScimEmulatorOptions, reason: RegExp): Promise<void> {
  await expect(startScimEmulator(options)).rejects.toThrow(reason);
}

describe("partial-server options are validated", () => {
  it("refuses attribute names and paths that are not in the User schema", async () => {
    await refused(
      { keeps: ["userName", "titel"] },
      /keeps: 'titel' is not a writable top-level User attribute/,
    );
    await refused({ keeps: ["userName", "id"] }, /'id' is not a writable/);
    await refused({ keeps: ["userName", "name.givenName"] }, /'name.givenName' is not a writable/);
    await refused(
      { patchable: ["name.nickName"] },
      /patchable: 'name.nickName' is not a User attribute path/,
    );
    await refused({ patchable: ['emails[type eq "work"]'] }, /is not a User attribute path/);
  });

  it("refuses contradictions and empty choices", async () => {
    await refused({ keeps: ["name"] }, /must include userName/);
    await refused({ enterprise: false, keeps: ["userName", E] }, /enterprise is false/);
    await refused({ enterprise: "dropped", keeps: ["userName", E] }, /enterprise is dropped/);
    await refused(
      { enterprise: false, patchable: [`${E}:department`] },
      /enterprise path but enterprise is false/,
    );
    await refused({ patchOps: [] }, /patchOps/);
    await refused({ userNameCase: "upper" } as unknown as ScimEmulatorOptions, /userNameCase/);
  });

  it("exposes what it resolved on the handle, names spelled as the schema spells them", async () => {
    const scim = await startScimEmulator({ keeps: ["USERNAME", "emails", E], patchable: ["Active"] });
    try {
      expect(scim.capabilities).toMatchObject({ keeps: ["userName", "emails", E], patchable: ["Active"] });
    } finally {
      await scim.close();
    }
  });

  it("supports everything when no option is given (the default server is unchanged)", async () => {
    const scim = await startScimEmulator();
    try {
      expect(scim.capabilities).toEqual({
        groups: true,
        patch: true,
        enterprise: true,
        keeps: undefined,
        displayName: "client",
        patchable: undefined,
        patchOps: ["add", "remove", "replace"],
        userNameCase: "insensitive",
        complexPatch500: false,
        errorStatus: "string",
      });
    } finally {
      await scim.close();
    }
  });
});
