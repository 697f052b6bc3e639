/**
 * What the Dagger TypeScript SDK's own introspector (the scan `dagger functions` / `dagger call`
 * see) registers for the functions of issue 9: the cache policy of the scanning functions (per
 * session, so a new `dagger call` scans again; the engine's default would keep a result 7 days),
 * and the signatures and documented examples of serve and verify-report.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ScannedFunction, scannedFunctions } from "../support/introspect.js";

let methods: Record<string, ScannedFunction>;
let checks: Record<string, ScannedFunction>;

beforeAll(async () => {
  methods = await scannedFunctions();
  checks = await scannedFunctions("Checks");
}, 60_000);

describe("caching and signatures of scan, verify, verify-report and serve", () => {
  it("caches scan, checks:scans, verify and verify-report for the session only", () => {
    for (const name of ["scan", "verify", "verifyReport"]) expect({ name, cache: methods[name]?.cache }).toEqual({ name, cache: "session" });
    expect(checks["scans"]?.cache).toBe("session");
  });

  it("keeps the other checks and the builds on the engine's default cache", () => {
    for (const name of ["build", "lint", "test", "docs"]) expect({ name, cache: methods[name]?.cache }).toEqual({ name, cache: undefined });
    for (const name of ["catalog", "builds", "lint", "tests", "docs", "secrets"]) expect({ name, cache: checks[name]?.cache }).toEqual({ name, cache: undefined });
  });

  it("registers verify-report as returning a Directory, without arguments, and shows its example", () => {
    const fn = methods["verifyReport"]!;
    expect(fn.returnType).toMatchObject({ kind: "OBJECT_KIND", name: "Directory" });
    expect(fn.arguments).toEqual({});
    expect(fn.isCheck).toBe(false);
    expect(fn.description).toContain("Example: dagger call verify-report export --path=reports");
  });

  it("registers serve as returning a Service for one required --service, saying secrets are not provided", () => {
    const fn = methods["serve"]!;
    expect(fn.returnType).toMatchObject({ kind: "OBJECT_KIND", name: "Service" });
    expect(Object.keys(fn.arguments)).toEqual(["service"]);
    expect(fn.arguments["service"]).toMatchObject({ type: { kind: "STRING_KIND" }, isOptional: false });
    expect(fn.description).toContain("Secrets are NOT provided");
    expect(fn.description).toContain("Example: dagger call serve --service=cloud up --ports=8080:8080");
  });
});
