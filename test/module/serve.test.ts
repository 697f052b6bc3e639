/**
 * serve: the service's built image as a Dagger service, with the catalog's test databases bound by
 * alias (as its tests bind them), its environment without secrets, run.port exposed, and the
 * image's ENTRYPOINT. Asserted on the Service's graph (the fake never starts services).
 */
import { describe, expect, it } from "vitest";
import type { Step } from "../support/dagger/index.js";
import { TEST_RUN_ENV } from "../../ci/src/containers/test-run.js";
import { editYaml, execsStarting, pipeline, rejection, tempRepo, useFakeSession } from "./harness.js";

const session = useFakeSession();

/** The Service's chain: the build, then what serve adds after it. */
async function serveChain(service: string, root?: string): Promise<{ chain: Step[]; added: Step[] }> {
  const p = pipeline(root);
  const { chain } = await session().chainOf(await p.serve(service));
  const { chain: image } = await session().chainOf(await p.build(service));
  expect(chain.slice(0, image.length)).toEqual(image);
  return { chain, added: chain.slice(image.length) };
}

const envOf = (steps: Step[]): Record<string, unknown> =>
  Object.fromEntries(steps.filter((s) => s.field === "withEnvVariable").map((s) => [s.args["name"], s.args["value"]]));

describe("module serve", () => {
  it("runs the service's built image with its ENTRYPOINT as a service exposing run.port", async () => {
    const { added } = await serveChain("cloud");
    expect(added.find((s) => s.field === "withExposedPort")?.args).toEqual({ port: 8080 });
    expect(added.at(-1)).toEqual({ field: "asService", args: { useEntrypoint: true }, type: "Service" });
  });

  it("binds the catalog's test databases by alias, defined as the tests define them", async () => {
    const { added } = await serveChain("cloud");
    const bindings = added.filter((s) => s.field === "withServiceBinding");
    expect(bindings.map((s) => s.args["alias"])).toEqual(["postgres"]);
    const served = (bindings[0]!.args["service"] as { chain: Step[] }).chain;

    await pipeline().test("cloud");
    const [pytest] = execsStarting(session(), "pytest", "-q");
    const tested = pytest!.services["postgres"]!.chain;
    // The same database, but its own instance: only the owner mark's run id differs.
    const withoutRun = (chain: Step[]) => chain.map((s) => (s.args["name"] === TEST_RUN_ENV ? { ...s, args: { ...s.args, value: "" } } : s));
    expect(withoutRun(served)).toEqual(withoutRun(tested));
    expect(envOf(served)[TEST_RUN_ENV]).toMatch(/^cloud\/postgres\/[0-9a-f-]{36}$/);
    expect(envOf(served)[TEST_RUN_ENV]).not.toBe(envOf(tested)[TEST_RUN_ENV]);
  });

  it("sets run.env, the test env (the databases' URLs) over it, and PORT; never a secret", async () => {
    const { added } = await serveChain("cloud");
    expect(envOf(added)).toEqual({
      ALLOWED_HOSTS: "localhost",
      DATABASE_URL: "postgres://cloud:cloud@postgres:5432/cloud",
      SECRET_KEY: "test-only-not-secret",
      PORT: "8080",
    });
    expect(added.filter((s) => s.field === "withSecretVariable" || s.field === "withMountedSecret")).toEqual([]);
    expect(session().secrets()).toEqual([]);
  });

  it("leaves out a secret nothing else sets (alie's OPENAI_API_KEY)", async () => {
    const { added } = await serveChain("alie");
    expect(envOf(added)).toEqual({ PORT: "8080" });
    expect(added.filter((s) => s.field === "withServiceBinding")).toEqual([]);
  });

  it("applies the default environment's run overrides as deploy does (an override's env replaces the base env)", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/playground.yaml", (doc) => {
      doc["run"] = { ...doc["run"], port: 9000, env: { LOG_LEVEL: "info", FEATURE: "base" } };
      doc["environments"] = { dev: { run: { env: { LOG_LEVEL: "debug" } } }, prod: { run: { env: { LOG_LEVEL: "warning" } } } };
    });
    const { added } = await serveChain("playground", root);
    expect(envOf(added)).toEqual({ LOG_LEVEL: "debug", PORT: "9000" });
    expect(added.find((s) => s.field === "withExposedPort")?.args).toEqual({ port: 9000 });
  });

  it("replaces ENTRYPOINT and CMD and sets the working directory as the catalog's run.command, args and workingDir do", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/playground.yaml", (doc) => {
      doc["run"] = { ...doc["run"], command: ["python", "-m", "uvicorn"], args: ["playground.app:app", "--port", "8080"], workingDir: "/app" };
    });
    const { added } = await serveChain("playground", root);
    expect(added.find((s) => s.field === "withEntrypoint")?.args).toEqual({ args: ["python", "-m", "uvicorn"] });
    expect(added.find((s) => s.field === "withDefaultArgs")?.args).toEqual({ args: ["playground.app:app", "--port", "8080"] });
    expect(added.find((s) => s.field === "withWorkdir")?.args).toEqual({ path: "/app" });
  });

  it("says a job is not a service, listing the services and how to run the job's image", async () => {
    const err = await rejection(pipeline().serve("ingestion"));
    expect(err.message).toContain('"ingestion" is a job, and serve runs services (they listen on run.port). Services: alie, cloud, playground.');
    expect(err.message).toContain("`dagger call build --service=ingestion terminal`");
  });

  it("lists the services for an unknown name", async () => {
    const err = await rejection(pipeline().serve("clod"));
    expect(err.message).toContain('Unknown service "clod". Valid services: alie, cloud, playground.');
  });
});
