/**
 * Edges of the reusable field rules (catalog/fields.ts) as the parser applies them: a build context
 * written with a Windows separator, Dockerfile paths that climb out of the context through "." and
 * empty segments or that name a folder, and label keys at the label byte limit.
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { MAX_LABEL_BYTES } from "../../ci/src/catalog/limits.js";
import { catalogErrorOf, catalogFiles, expectProblem, paths } from "./fixtures.js";

const withDockerfile = (dockerfile: string) => catalogFiles((d) => void (d.service.build = { context: "services/api", dockerfile }));
const withLabel = (key: string) => catalogFiles((d) => void (d.service.run = { ...d.service.run, labels: { [key]: "team" } }));

describe("build.context", () => {
  it("rejects a context starting with a backslash, as a path from the drive's root", () => {
    const files = catalogFiles((d) => void (d.service.build = { context: "\\services\\api" }));
    expectProblem(catalogErrorOf(files).problems, paths.service, "build.context", 'must be a path relative to the repository root, without ".." or a leading "/"');
  });
});

describe("build.dockerfile", () => {
  it.each([
    ["./../Dockerfile", '"." does not count as a folder to climb out of'],
    ["docker//../../Dockerfile", "an empty segment does not count as a folder either"],
    ["docker/", "it names a folder"],
    ["docker/.", "it names the folder itself"],
    ["docker/build/..", "it ends by climbing back up"],
  ])("rejects %s (%s)", (dockerfile) => {
    expectProblem(catalogErrorOf(withDockerfile(dockerfile)).problems, paths.service, "build.dockerfile", "must be a path inside the build context");
  });

  it("accepts a Dockerfile reached through ./ and a folder climbed back out of", () => {
    const catalog = parseCatalog(withDockerfile("./docker/../build/Dockerfile"));
    expect(catalog.services[0]!.build.dockerfile).toBe("./docker/../build/Dockerfile");
  });
});

describe("run.labels keys", () => {
  // 42 three-byte letters ("日" is a letter without case, as label keys allow) then one more letter.
  const cjk = "日".repeat(42);

  it(`accepts a key of exactly ${MAX_LABEL_BYTES} bytes`, () => {
    const key = `${cjk}a`;
    expect(new TextEncoder().encode(key).length).toBe(MAX_LABEL_BYTES);
    expect(parseCatalog(withLabel(key)).services[0]!.run.labels).toEqual({ [key]: "team" });
  });

  it(`rejects a key of ${MAX_LABEL_BYTES + 1} bytes, though it has only 43 characters`, () => {
    const key = `${cjk}é`;
    expect(new TextEncoder().encode(key).length).toBe(MAX_LABEL_BYTES + 1);
    const { problems } = catalogErrorOf(withLabel(key));
    expect(problems).toContainEqual({ file: paths.service, field: `run.labels.${key}`, message: expect.stringContaining("must be under 128 bytes (UTF-8)") });
  });
});
