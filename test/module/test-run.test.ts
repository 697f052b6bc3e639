import { describe, expect, it } from "vitest";
import { IMAGES, PYTHON_IMAGES } from "../../ci/src/containers/images.js";
import { TEST_RUN_ENV } from "../../ci/src/containers/test-run.js";
import { editYaml, execsStarting, pipeline, rejection, targetOf, tempRepo, useFakeSession } from "./harness.js";

const PYTEST = ["pytest", "-q"];

const session = useFakeSession();

describe("module test", () => {
  it("binds cloud's postgres as a service under its alias, from the pinned image with its env", async () => {
    await pipeline().test("cloud");
    const [pytest] = execsStarting(session(), ...PYTEST);
    expect(Object.keys(pytest!.services)).toEqual(["postgres"]);
    const chain = pytest!.services["postgres"]!.chain;
    expect(chain.find((s) => s.field === "from")?.args).toEqual({ address: IMAGES.postgres });
    expect(IMAGES.postgres).toMatch(/^postgres:16-alpine@sha256:[0-9a-f]{64}$/);
    const env = Object.fromEntries(chain.filter((s) => s.field === "withEnvVariable").map((s) => [s.args["name"], s.args["value"]]));
    const { [TEST_RUN_ENV]: owner, ...catalogEnv } = env;
    expect(catalogEnv).toEqual({ POSTGRES_USER: "cloud", POSTGRES_PASSWORD: "cloud", POSTGRES_DB: "cloud" });
    expect(owner).toMatch(/^cloud\/postgres\/[0-9a-f-]{36}$/);
    expect(chain.find((s) => s.field === "withExposedPort")?.args["port"]).toBe(5432);
    expect(chain[chain.length - 1]).toMatchObject({ field: "asService", args: { useEntrypoint: true } });
  });

  it("runs the test command in the project's environment with the catalog's test env", async () => {
    await pipeline().test("cloud");
    const [pytest] = execsStarting(session(), ...PYTEST);
    expect(pytest?.args).toEqual(PYTEST);
    expect(pytest?.env).toMatchObject({
      DATABASE_URL: "postgres://cloud:cloud@postgres:5432/cloud",
      SECRET_KEY: "test-only-not-secret",
      ALLOWED_HOSTS: "localhost",
    });
    expect(pytest?.from).toBe(PYTHON_IMAGES["3.13"]);
    expect(pytest?.workdir).toBe("/src");
    expect(targetOf(pytest!)).toBe("cloud");
  });

  it("binds no service for a target without databases", async () => {
    await pipeline().test("alie");
    const [pytest] = execsStarting(session(), ...PYTEST);
    expect(pytest?.services).toEqual({});
    expect(pytest?.env["DATABASE_URL"]).toBeUndefined();
  });

  it("binds each declared database by its alias, with the engine's default port or the catalog's image and port", async () => {
    const root = tempRepo();
    const pinned = `mysql:8.0@sha256:${"a".repeat(64)}`;
    editYaml(root, "pipelines/services/alie.yaml", (doc) => {
      doc["test"] = {
        command: ["uv", "run", "--frozen", "pytest", "-x"],
        env: { REDIS_URL: "redis://cache:6379/0" },
        databases: [
          { alias: "cache", engine: "redis" },
          { alias: "db", engine: "mysql", image: pinned, port: 3307, env: { MYSQL_ROOT_PASSWORD: "test" } },
        ],
      };
    });
    await pipeline(root).test("alie");
    const [pytest] = execsStarting(session(), "uv", "run", "--frozen", "pytest", "-x");
    expect(Object.keys(pytest!.services).sort()).toEqual(["cache", "db"]);
    const step = (alias: string, field: string) => pytest!.services[alias]!.chain.find((s) => s.field === field)?.args;
    expect(step("cache", "from")).toEqual({ address: IMAGES.redis });
    expect(step("cache", "withExposedPort")?.["port"]).toBe(6379);
    expect(step("db", "from")).toEqual({ address: pinned });
    expect(step("db", "withExposedPort")?.["port"]).toBe(3307);
    expect(step("db", "withEnvVariable")).toEqual({ name: "MYSQL_ROOT_PASSWORD", value: "test" });
    expect(pytest?.env["REDIS_URL"]).toBe("redis://cache:6379/0");
  });

  it("reports the exit code and the output tail of failing tests", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
    session().onExec((e) => (e.args.includes("pytest") ? { exitCode: 1, stdout: lines.join("\n"), stderr: "FAILED tests/test_health.py::test_ok\n" } : undefined));
    const err = await rejection(pipeline().test("cloud"));
    expect(err.message).toContain("✗ test cloud");
    expect(err.message).toContain(`command: ${PYTEST.join(" ")}`);
    expect(err.message).toContain("exit code: 1");
    expect(err.message).toContain("| FAILED tests/test_health.py::test_ok");
    expect(err.message).toContain("| line 40");
    expect(err.message).not.toContain("| line 10\n");
  });
});
