/**
 * deploy-job's override flags as the Dagger TypeScript SDK's own introspector registers them
 * (the scan `dagger functions` / `dagger call` see): names (the CLI spells them --args,
 * --clear-args, --execution-env, --tasks, --task-timeout), types (lists of strings, an optional
 * integer), defaults and docs; the doc comment carries the README's example.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ScannedFunction, scannedFunctions } from "../support/introspect.js";

let deployJob: ScannedFunction;

beforeAll(async () => {
  deployJob = (await scannedFunctions())["deployJob"]!;
}, 60_000);

describe("deploy-job registers its execution override flags", () => {
  it("keeps the existing arguments first, so positional callers are unchanged", () => {
    expect(Object.keys(deployJob.arguments)).toEqual(["job", "credentials", "env", "execute", "wait", "skipChecks", "format", "dropUnmanaged", "args", "clearArgs", "executionEnv", "tasks", "taskTimeout"]);
  });

  it("takes --args and --execution-env as lists of strings, empty by default", () => {
    for (const name of ["args", "executionEnv"]) {
      expect(deployJob.arguments[name]).toMatchObject({ type: { kind: "LIST_KIND", typeDef: { kind: "STRING_KIND" } }, defaultValue: [] });
    }
  });

  it("takes --clear-args as a boolean, --tasks as an optional integer and --task-timeout as a string", () => {
    expect(deployJob.arguments["clearArgs"]).toMatchObject({ type: { kind: "BOOLEAN_KIND" }, defaultValue: false });
    expect(deployJob.arguments["tasks"]).toMatchObject({ type: { kind: "INTEGER_KIND" }, isOptional: true });
    expect(deployJob.arguments["tasks"]?.defaultValue).toBeUndefined();
    expect(deployJob.arguments["taskTimeout"]).toMatchObject({ type: { kind: "STRING_KIND" }, defaultValue: "" });
  });

  it("documents each flag as applying with --execute", () => {
    for (const name of ["args", "clearArgs", "executionEnv", "tasks", "taskTimeout"]) expect(deployJob.arguments[name]?.description).toMatch(/^With --execute: /);
  });

  it("shows the README's example in its doc comment", () => {
    expect(deployJob.description).toContain(
      "Example: dagger call deploy-job --job=ingestion --env=staging --execute --wait --args=--full-refresh --execution-env=RUN_MODE=backfill --tasks=4 --task-timeout=3600s --credentials=env://GCP_CREDENTIALS",
    );
  });
});
