import { describe, expect, it } from "vitest";
import { buildableRawName, cloudRunId, dockerfileSuffix, siteRawName, uniqueIds } from "../../ci/src/init/naming.js";

describe("cloudRunId", () => {
  it("lowercases and turns other characters into single hyphens", () => {
    expect(cloudRunId("My_Service.v2")).toBe("my-service-v2");
    expect(cloudRunId("--api--")).toBe("api");
  });

  it("starts with a letter", () => {
    expect(cloudRunId("2024-reports")).toBe("app-2024-reports");
    expect(cloudRunId("___")).toBe("app");
  });

  it("keeps at most 49 characters and never ends with a hyphen", () => {
    const id = cloudRunId(`${"a".repeat(48)}-b`);
    expect(id).toBe("a".repeat(48));
    expect(cloudRunId("x".repeat(80))).toHaveLength(49);
  });
});

describe("names of Dockerfile targets", () => {
  it("takes the Dockerfile's folder name", () => {
    expect(buildableRawName("services/api/Dockerfile", false)).toBe("api");
    expect(buildableRawName("services/api/Dockerfile.api", false)).toBe("api");
  });

  it("calls a Dockerfile at the repository root app", () => {
    expect(buildableRawName("Dockerfile", false)).toBe("app");
  });

  it("takes the file's suffix when several Dockerfiles share a folder", () => {
    expect(buildableRawName("deploy/Dockerfile.worker", true)).toBe("worker");
    expect(buildableRawName("deploy/web.Dockerfile", true)).toBe("web");
    expect(buildableRawName("Dockerfile.cron", true)).toBe("cron");
    expect(buildableRawName("deploy/Dockerfile", true)).toBe("deploy");
  });

  it("reads the suffix of both naming styles", () => {
    expect(dockerfileSuffix("Dockerfile.api")).toBe("api");
    expect(dockerfileSuffix("api.Dockerfile")).toBe("api");
    expect(dockerfileSuffix("Dockerfile")).toBeUndefined();
  });
});

describe("site names", () => {
  it("take the folder name, docs at the repository root", () => {
    expect(siteRawName("sites/handbook")).toBe("handbook");
    expect(siteRawName(".")).toBe("docs");
  });
});

describe("uniqueIds", () => {
  it("numbers a name that is already taken", () => {
    expect(uniqueIds(["api", "API", "api", "web"])).toEqual(["api", "api-2", "api-3", "web"]);
  });

  it("stays within 49 characters when numbering a long name", () => {
    const [, second] = uniqueIds(["x".repeat(60), "x".repeat(60)]);
    expect(second).toBe(`${"x".repeat(47)}-2`);
  });
});
