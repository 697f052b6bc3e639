import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestBuffer, digestFile, WHOLE_READ_LIMIT } from "../../ci/src/site/hash.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "site-hash-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("digestBuffer", () => {
  // Values Cloud Storage reports for an object containing "data" (documented in the client's CRC32C docs).
  it("encodes md5 and crc32c in base64 like md5Hash and crc32c", () => {
    expect(digestBuffer(Buffer.from("data"))).toEqual({ size: 4, md5: "jXd/OF09/siBXSD3SWAm3A==", crc32c: "rth90Q==" });
  });

  it("hashes an empty file", () => {
    expect(digestBuffer(Buffer.alloc(0))).toEqual({ size: 0, md5: "1B2M2Y8AsgTpgAmY7PhCfg==", crc32c: "AAAAAA==" });
  });
});

describe("digestFile", () => {
  it("computes crc32c only when asked", async () => {
    const path = join(dir, "small.txt");
    await writeFile(path, "data");
    expect(await digestFile(path, { crc32c: false })).toEqual({ size: 4, md5: "jXd/OF09/siBXSD3SWAm3A==" });
    expect(await digestFile(path)).toEqual({ size: 4, md5: "jXd/OF09/siBXSD3SWAm3A==", crc32c: "rth90Q==" });
  });

  it("streams a file above the whole-read limit to the same digest as hashing it whole", async () => {
    const data = Buffer.alloc(WHOLE_READ_LIMIT + 3 * 1024 * 1024 + 17);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 251;
    const path = join(dir, "big.bin");
    await writeFile(path, data);
    expect(await digestFile(path)).toEqual(digestBuffer(data));
  });
});
