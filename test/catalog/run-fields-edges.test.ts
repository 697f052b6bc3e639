/**
 * Field rules of `run` volumes (catalog/run-fields.ts) at their edges: the root folder as a mount
 * path, and ".." inside a secret file's path (past the first segment, which the pattern checks).
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { catalogErrorOf, catalogFiles, paths } from "./fixtures.js";

const withVolume = (volume: Record<string, unknown>) => catalogFiles((d) => void (d.service.run.volumes = [{ name: "data", ...volume }]));

describe("run.volumes", () => {
  it('refuses "/" as a mount path, saying to mount in a folder', () => {
    expect(catalogErrorOf(withVolume({ mountPath: "/", inMemory: {} })).problems).toEqual([
      { file: paths.service, field: "run.volumes[0].mountPath", message: 'cannot be "/": mount the volume in a folder such as "/data" (got "/")' },
    ]);
  });

  it('refuses a secret file path with ".." after its first folder', () => {
    expect(catalogErrorOf(withVolume({ mountPath: "/etc/app", secret: { secret: "app-config", path: "conf/../key.json" } })).problems).toEqual([
      { file: paths.service, field: "run.volumes[0].secret.path", message: 'must not contain ".." (got "conf/../key.json")' },
    ]);
  });

  it("accepts a secret file in a subfolder of the mount, and one whose name only starts with dots", () => {
    for (const path of ["conf/key.json", "..key", "conf/.hidden"]) {
      expect(() => parseCatalog(withVolume({ mountPath: "/etc/app", secret: { secret: "app-config", path } }))).not.toThrow();
    }
  });
});
