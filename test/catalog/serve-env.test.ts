/**
 * What `serve` gives a service locally (catalog/serve-env.ts): the default environment's run
 * settings, run.env under test.env, PORT, the secrets left out; and the error for a job's name.
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { localServiceSettings, servableService } from "../../ci/src/catalog/serve-env.js";
import { catalogFiles } from "./fixtures.js";

const catalogWith = (edit: Parameters<typeof catalogFiles>[0] = () => {}) => parseCatalog(catalogFiles(edit));

describe("localServiceSettings", () => {
  it("applies the default environment's overrides, gives test.env values (which may stand in for secrets) and sets PORT", () => {
    const catalog = catalogWith((d) => {
      d.service.run = { ...d.service.run, port: 9000, env: { LOG_LEVEL: "info" }, secrets: { API_KEY: { secret: "api-key" }, DATABASE_URL: { secret: "db-url" } } };
      d.service.test = { env: { DATABASE_URL: "postgresql://postgres@postgres/test" } };
      d.service.environments = { dev: { run: { env: { LOG_LEVEL: "debug" } } }, prod: { run: { env: { LOG_LEVEL: "warn" } } } };
    });
    const settings = localServiceSettings(catalog, servableService(catalog, "api"));
    expect(settings.environment).toBe("dev");
    expect(settings.env).toEqual({ LOG_LEVEL: "debug", DATABASE_URL: "postgresql://postgres@postgres/test", PORT: "9000" });
    expect(settings.secretsLeftOut).toEqual(["API_KEY"]);
    expect(settings.run.port).toBe(9000);
  });

  it("uses the project's own settings when the default environment has no override, and ignores inherited keys", () => {
    const catalog = catalogWith((d) => {
      d.service.environments = { prod: { run: { env: { LOG_LEVEL: "warn" } } } };
    });
    const settings = localServiceSettings(catalog, servableService(catalog, "api"));
    expect(settings.env).toEqual({ LOG_LEVEL: "info", PORT: "8080" });
    expect(settings.secretsLeftOut).toEqual([]);
  });
});

describe("servableService", () => {
  it("refuses a job's name, listing the services and how to run the job's image", () => {
    expect(() => servableService(catalogWith(), "nightly")).toThrow(
      '"nightly" is a job, and serve runs services (they listen on run.port). Services: api. To run the job\'s image, use `dagger call build --service=nightly terminal`.',
    );
  });

  it("says none when the catalog has no service", () => {
    const catalog = catalogWith();
    expect(() => servableService({ ...catalog, services: [] }, "nightly")).toThrow("Services: none.");
  });

  it("lists every service in the error, and serves a service that shares its name with a job", () => {
    const catalog = catalogWith();
    const api = catalog.services[0]!;
    const two = { ...catalog, services: [api, { ...api, name: "web" }], jobs: [...catalog.jobs, { ...catalog.jobs[0]!, name: "other" }] };
    expect(() => servableService(two, "nightly")).toThrow("Services: api, web.");
    const shared = { ...catalog, jobs: [...catalog.jobs, { ...catalog.jobs[0]!, name: "api" }] };
    expect(servableService(shared, "api")).toBe(api);
  });

  it("leaves an unknown name to the service lookup's own error, not the job one", () => {
    expect(() => servableService(catalogWith(), "nope")).toThrow();
    expect(() => servableService(catalogWith(), "nope")).not.toThrow("is a job");
  });

  it("returns the service of that name", () => {
    expect(servableService(catalogWith(), "api").name).toBe("api");
  });
});
