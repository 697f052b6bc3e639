import { describe, expect, it } from "vitest";
import { chooseContext, contextProbes, plainSources } from "../../ci/src/init/context.js";

const existing = (...paths: string[]) => (path: string) => paths.includes(path);

describe("chooseContext", () => {
  it("builds from the Dockerfile's folder when its COPY sources are there", () => {
    expect(chooseContext("services/api/Dockerfile", ["pyproject.toml", "src/"], existing("services/api/pyproject.toml", "services/api/src"))).toEqual({
      context: "services/api",
      dockerfile: "Dockerfile",
    });
  });

  it("builds from the repository root when a COPY source exists only there, naming it", () => {
    const choice = chooseContext("services/api/Dockerfile.api", ["libs/common/", "services/api/"], existing("libs/common", "services/api"));
    expect(choice).toEqual({
      context: ".",
      dockerfile: "services/api/Dockerfile.api",
      reason: "the Dockerfile copies libs/common, services/api, which exist at the repository root but not in services/api",
    });
  });

  it("keeps the folder and asks to check when sources are split between the folder and the root", () => {
    const choice = chooseContext("app/Dockerfile", ["requirements.txt", "libs/common"], existing("app/requirements.txt", "libs/common"));
    expect(choice.context).toBe("app");
    expect(choice.warning).toContain("no single context holds both; check build.context");
  });

  it("keeps the folder when a source exists in both places", () => {
    expect(chooseContext("app/Dockerfile", ["README.md"], existing("app/README.md", "README.md")).context).toBe("app");
  });

  it("builds a root Dockerfile from the root", () => {
    expect(chooseContext("Dockerfile", ["app.py"], existing())).toEqual({ context: ".", dockerfile: "Dockerfile" });
  });
});

describe("plainSources", () => {
  it("normalizes paths and leaves out what cannot be looked up", () => {
    expect(plainSources(["./src/", "/etc/app.conf", ".", "*.txt", "${APP}/x", "https://example.com/f", "../up", "src"])).toEqual(["src", "etc/app.conf"]);
  });
});

describe("contextProbes", () => {
  it("asks for each source in the Dockerfile's folder and at the root", () => {
    expect(contextProbes("svc/Dockerfile", ["libs/common/"])).toEqual(["svc/libs/common", "libs/common"]);
  });

  it("asks nothing for a Dockerfile at the root", () => {
    expect(contextProbes("Dockerfile", ["libs/common/"])).toEqual([]);
  });
});
