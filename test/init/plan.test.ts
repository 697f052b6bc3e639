import { describe, expect, it } from "vitest";
import { isDockerfilePath, planInit } from "../../ci/src/init/plan.js";

const SERVICE = 'FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK CMD curl -f http://localhost:8000/live\nCMD ["uvicorn", "app:app"]\n';
const JOB = 'FROM python:3.12-slim\nCMD ["python", "-m", "job"]\n';
const none = () => false;

describe("isDockerfilePath", () => {
  it.each(["Dockerfile", "svc/Dockerfile", "svc/Dockerfile.api", "svc/api.Dockerfile"])("takes %s", (path) => {
    expect(isDockerfilePath(path)).toBe(true);
  });

  it.each(["svc/Dockerfile.dockerignore", "node_modules/pkg/Dockerfile", "app/.venv/lib/Dockerfile", ".git/Dockerfile", "lib/site-packages/x/Dockerfile", "svc/Dockerfiles", "docs/dockerfile.md"])(
    "leaves out %s",
    (path) => {
      expect(isDockerfilePath(path)).toBe(false);
    },
  );
});

describe("planInit", () => {
  it("plans a service with its guesses and a job, named after their folders", () => {
    const plan = planInit({ dockerfiles: [{ path: "jobs/sync/Dockerfile", text: JOB }, { path: "web/Dockerfile", text: SERVICE }], mkdocsConfigs: [], exists: none });
    expect(plan.buildables).toMatchObject([
      { kind: "job", name: "sync", build: { context: "jobs/sync", dockerfile: "Dockerfile" } },
      { kind: "service", name: "web", kindReason: "EXPOSE 8000", port: { value: 8000 }, healthPath: { value: "/live" } },
    ]);
    expect(plan.buildables[0]!.port).toBeUndefined();
  });

  it("names Dockerfiles sharing a folder after their suffixes", () => {
    const plan = planInit({ dockerfiles: [{ path: "Dockerfile", text: SERVICE }, { path: "Dockerfile.worker", text: JOB }], mkdocsConfigs: [], exists: none });
    expect(plan.buildables.map((b) => b.name)).toEqual(["app", "worker"]);
  });

  it("deduplicates names of services and jobs, which share one namespace", () => {
    const plan = planInit({ dockerfiles: [{ path: "a/api/Dockerfile", text: SERVICE }, { path: "b/api/Dockerfile", text: JOB }], mkdocsConfigs: [], exists: none });
    expect(plan.buildables.map((b) => `${b.kind}:${b.name}`)).toEqual(["service:api", "job:api-2"]);
  });

  it("plans one site per folder holding an MkDocs config, mkdocs.yml before mkdocs.yaml", () => {
    const plan = planInit({ dockerfiles: [], mkdocsConfigs: ["mkdocs.yml", "handbook/mkdocs.yaml", "handbook/mkdocs.yml", "guide/mkdocs.yaml", "node_modules/x/mkdocs.yml"], exists: none });
    expect(plan.sites).toEqual([
      { name: "docs", folder: ".", config: "mkdocs.yml" },
      { name: "guide", folder: "guide", config: "mkdocs.yaml" },
      { name: "handbook", folder: "handbook", config: "mkdocs.yml" },
    ]);
  });

  it("plans nothing for a repository with no Dockerfile and no MkDocs config", () => {
    expect(planInit({ dockerfiles: [], mkdocsConfigs: [], exists: none })).toEqual({ buildables: [], sites: [] });
  });
});
