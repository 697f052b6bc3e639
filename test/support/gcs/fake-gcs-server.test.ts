import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findFakeGcsBinary, startFakeGcs } from "./fake-gcs-server.js";

describe("fake-gcs-server helper", () => {
  it("tells how to install the binary when it is missing", async () => {
    const empty = await mkdtemp(join(tmpdir(), "no-tools-"));
    try {
      expect(() => findFakeGcsBinary([empty])).toThrow("node --import tsx scripts/test-servers.ts install");
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it("takes the first directory that has the binary (./.tools/bin comes before PATH)", async () => {
    const [first, second] = [await mkdtemp(join(tmpdir(), "tools-a-")), await mkdtemp(join(tmpdir(), "tools-b-"))];
    try {
      await writeFile(join(second, "fake-gcs-server"), "");
      expect(findFakeGcsBinary([first, second])).toBe(join(second, "fake-gcs-server"));
      await writeFile(join(first, "fake-gcs-server"), "");
      expect(findFakeGcsBinary([first, second])).toBe(join(first, "fake-gcs-server"));
    } finally {
      await rm(first, { recursive: true, force: true });
      await rm(second, { recursive: true, force: true });
    }
  });

  it("starts a server that lists the bucket objects with the md5Hash and crc32c we compute, then stops it", async () => {
    const gcs = await startFakeGcs();
    try {
      await gcs.createBucket("probe");
      await gcs.storage().bucket("probe").file("data.txt").save("data", { resumable: false });
      const [files] = await gcs.storage().bucket("probe").getFiles();
      expect(files.map((f) => [f.name, f.metadata.md5Hash, f.metadata.crc32c])).toEqual([["data.txt", "jXd/OF09/siBXSD3SWAm3A==", "rth90Q=="]]);
    } finally {
      await gcs.stop();
    }
    await expect(fetch(`${gcs.endpoint}/_internal/healthcheck`)).rejects.toThrow();
  });
});
