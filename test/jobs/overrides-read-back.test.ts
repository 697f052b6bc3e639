/**
 * The report's overrides come from the execution read back, not from what was sent: what it shows
 * is printed, what it does not show is said plainly, env as names only.
 */
import { describe, expect, it } from "vitest";
import type { CloudRunExecutionResource } from "../../ci/src/gcp/run-job-resource.js";
import type { ExecutionOverrides } from "../../ci/src/jobs/execution-overrides.js";
import { formatOverrides, readBackOverrides } from "../../ci/src/jobs/overrides-read-back.js";

const ASKED: ExecutionOverrides = { args: ["--full-refresh"], env: [{ name: "RUN_MODE", value: "backfill" }], tasks: 4, taskTimeout: "3600s" };

/** An execution as Cloud Run returns it with ASKED applied; `change` alters it. */
function execution(change: (e: CloudRunExecutionResource) => void = () => undefined): CloudRunExecutionResource {
  const e: CloudRunExecutionResource = {
    name: "projects/p/locations/r/jobs/ingestion/executions/ingestion-abcde",
    taskCount: 4,
    template: {
      timeout: { seconds: "3600" },
      containers: [{ name: "ingestion", args: ["--full-refresh"], env: [{ name: "OUTPUT_PATH", value: "/tmp/x" }, { name: "RUN_MODE", value: "backfill" }] }],
    },
  };
  change(e);
  return e;
}

const lines = (asked: ExecutionOverrides, e: CloudRunExecutionResource | undefined, readError?: string) => formatOverrides(readBackOverrides(asked, "ingestion", e, readError));

describe("overrides read back from the execution", () => {
  it("prints every override the execution shows", () => {
    expect(lines(ASKED, execution())).toEqual(["overrides: args=[--full-refresh], env=[RUN_MODE], tasks=4, task timeout=3600s"]);
  });

  it("says plainly when the execution runs another task count than asked for", () => {
    expect(lines(ASKED, execution((e) => void (e.taskCount = 2)))).toEqual([
      "overrides: args=[--full-refresh], env=[RUN_MODE], task timeout=3600s",
      "overrides NOT APPLIED (as read back): tasks: the execution runs 2 task(s), not the 4 asked for",
    ]);
  });

  it("says when the tasks' timeout is not the one asked for", () => {
    expect(lines({ taskTimeout: "3600s" }, execution((e) => void (e.template!.timeout = { seconds: 600 })))).toEqual([
      "overrides: none of them is shown by the execution read back",
      "overrides NOT APPLIED (as read back): task timeout: the execution's tasks time out after 600s, not the 3600s asked for",
    ]);
  });

  it("says when the args differ", () => {
    expect(lines({ args: ["--full-refresh"] }, execution((e) => void (e.template!.containers![0]!.args = ["--daily"])))).toContain(
      "overrides NOT APPLIED (as read back): args: the execution runs with args [--daily], not [--full-refresh]",
    );
  });

  it("shows cleared args as an empty list, and says when args are still there", () => {
    expect(lines({ clearArgs: true }, execution((e) => void (e.template!.containers![0]!.args = [])))).toEqual(["overrides: args=[]"]);
    expect(lines({ clearArgs: true }, execution())).toContain("overrides NOT APPLIED (as read back): args: the execution runs with args [--full-refresh], not with none (--clear-args)");
  });

  it("names an env var the execution lacks or holds with another value, never printing a value", () => {
    const asked: ExecutionOverrides = { env: [{ name: "RUN_MODE", value: "backfill" }, { name: "MISSING", value: "hunter2" }, { name: "OUTPUT_PATH", value: "/data/s3cr3t" }] };
    const out = lines(asked, execution());
    expect(out).toEqual([
      "overrides: env=[RUN_MODE]",
      "overrides NOT APPLIED (as read back): env MISSING: not set on the execution",
      "overrides NOT APPLIED (as read back): env OUTPUT_PATH: the execution holds another value than the one sent (values are not shown)",
    ]);
    for (const value of ["hunter2", "s3cr3t", "/tmp/x", "backfill"]) expect(out.join("\n")).not.toContain(value);
  });

  it("does not count an env var the execution takes from Secret Manager as the plain value sent", () => {
    const e = execution((x) => void (x.template!.containers![0]!.env = [{ name: "RUN_MODE", valueSource: { secretKeyRef: { secret: "mode", version: "1" } } }]));
    expect(lines({ env: [{ name: "RUN_MODE", value: "backfill" }] }, e)).toContain(
      "overrides NOT APPLIED (as read back): env RUN_MODE: the execution holds another value than the one sent (values are not shown)",
    );
  });

  it("says the container is missing when the execution has none by the main container's name", () => {
    expect(lines({ args: ["--x"], env: [{ name: "A", value: "1" }] }, execution((e) => void (e.template!.containers![0]!.name = "other")))).toEqual([
      "overrides: none of them is shown by the execution read back",
      "overrides NOT APPLIED (as read back): the execution has no container named ingestion, so its args and env cannot be checked",
    ]);
  });

  it("says it is not known when the execution could not be read back", () => {
    expect(lines(ASKED, undefined, "gRPC code 14")).toEqual(["overrides: not known: the execution could not be read back (gRPC code 14)"]);
    expect(lines(ASKED, undefined)).toEqual(["overrides: not known: the execution could not be read back (it was not found)"]);
  });
});
