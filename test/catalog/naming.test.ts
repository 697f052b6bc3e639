/**
 * The naming rule (catalog/naming.ts): Cloud Run names, Scheduler ids, extra image tags and site
 * prefixes per environment, environments carrying their nameSuffix, and `list` showing the names.
 */
import { describe, expect, it } from "vitest";
import { catalogEnvironments, resolveEnvironment, type ResolvedEnvironment } from "../../ci/src/catalog/lookup.js";
import { cloudRunLocationOf, cloudRunNameOf, extraImageTagsOf, nestedSitePrefixesOf, schedulerJobNameOf, shownName, siteTargetOf } from "../../ci/src/catalog/naming.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { SiteDoc } from "../../ci/src/catalog/schema.js";
import { summarizeCatalog } from "../../ci/src/catalog/summary.js";
import { editDocument, editProject, LAYOUTS, layoutFiles } from "../support/catalog-layouts.js";
import { catalogFiles } from "./fixtures.js";

const env = (name: string, nameSuffix = ""): ResolvedEnvironment => ({ name, project: "acme-dev", region: "europe-west1", nameSuffix });
const site = (fields: Record<string, unknown> = {}) => SiteDoc.parse({ kind: "site", name: "docs", mkdocs: "docs", bucket: "acme-docs", ...fields });

describe("cloudRunNameOf", () => {
  it("is the catalog name when neither cloudRunName nor a nameSuffix is given", () => {
    expect(cloudRunNameOf({ name: "alie" }, env("prod"))).toBe("alie");
  });

  it("is cloudRunName when the target gives one", () => {
    expect(cloudRunNameOf({ name: "playground", cloudRunName: "dataface-playground" }, env("prod"))).toBe("dataface-playground");
  });

  it("adds the environment's nameSuffix to the catalog name", () => {
    expect(cloudRunNameOf({ name: "alie" }, env("staging", "-staging"))).toBe("alie-staging");
  });

  it("adds the environment's nameSuffix to cloudRunName", () => {
    expect(cloudRunNameOf({ name: "playground", cloudRunName: "dataface-playground" }, env("staging", "-staging"))).toBe("dataface-playground-staging");
  });
});

describe("the other names the rule gives", () => {
  it("adds the nameSuffix to Cloud Scheduler job ids", () => {
    expect(schedulerJobNameOf({ name: "ingestion-nightly" }, env("staging", "-staging"))).toBe("ingestion-nightly-staging");
    expect(schedulerJobNameOf({ name: "ingestion-nightly" }, env("prod"))).toBe("ingestion-nightly");
  });

  it("adds the nameSuffix to the catalog's extra image tags", () => {
    expect(extraImageTagsOf(["latest", "stable"], env("staging", "-staging"))).toEqual(["latest-staging", "stable-staging"]);
    expect(extraImageTagsOf(["latest"], env("prod"))).toEqual(["latest"]);
  });

  it("shows both names only when they differ", () => {
    expect(shownName("alie", "alie-staging")).toBe("alie -> alie-staging");
    expect(shownName("alie", "alie")).toBe("alie");
  });

  it("places a target in its own region override for the environment", () => {
    const catalog = parseCatalog(catalogFiles((d) => void (d.service.environments = { dev: { run: { region: "us-east1" } } })));
    const api = catalog.services[0]!;
    expect(cloudRunLocationOf(api, env("dev", "-dev"))).toEqual({ region: "us-east1", parent: "projects/acme-dev/locations/us-east1", id: "api-dev", name: "projects/acme-dev/locations/us-east1/services/api-dev" });
    expect(cloudRunLocationOf(catalog.jobs[0]!, env("dev")).name).toBe("projects/acme-dev/locations/europe-west1/jobs/nightly");
  });
});

describe("siteTargetOf", () => {
  it("puts the site under the suffix (without its '-') at the bucket root", () => {
    expect(siteTargetOf(site(), env("staging", "-staging"))).toEqual({ bucket: "acme-docs", prefix: "staging/" });
  });

  it("puts the site under the suffix inside its prefix", () => {
    expect(siteTargetOf(site({ prefix: "docs/" }), env("staging", "-staging"))).toEqual({ bucket: "acme-docs", prefix: "docs/staging/" });
  });

  it("keeps the site's prefix in an environment without a nameSuffix", () => {
    expect(siteTargetOf(site({ prefix: "docs/" }), env("prod"))).toEqual({ bucket: "acme-docs", prefix: "docs/" });
  });

  it("lets an explicit prefix override win over the suffix", () => {
    expect(siteTargetOf(site({ prefix: "docs/", environments: { staging: { prefix: "preview/" } } }), env("staging", "-staging"))).toEqual({ bucket: "acme-docs", prefix: "preview/" });
  });

  it("keeps the base prefix when the override gives the environment its own bucket", () => {
    expect(siteTargetOf(site({ prefix: "docs/", environments: { staging: { bucket: "acme-docs-staging" } } }), env("staging", "-staging"))).toEqual({ bucket: "acme-docs-staging", prefix: "docs/" });
  });
});

describe("nestedSitePrefixesOf", () => {
  const envs = [env("dev"), env("staging", "-staging"), env("qa", "-qa")];

  it("lists the other environments' prefixes inside this environment's bucket and prefix", () => {
    expect(nestedSitePrefixesOf(site(), env("dev"), envs)).toEqual(["qa/", "staging/"]);
  });

  it("lists nothing for an environment whose prefix holds no other one", () => {
    expect(nestedSitePrefixesOf(site(), env("staging", "-staging"), envs)).toEqual([]);
  });

  it("leaves out environments publishing to another bucket", () => {
    expect(nestedSitePrefixesOf(site({ environments: { qa: { bucket: "acme-docs-qa" } } }), env("dev"), envs)).toEqual(["staging/"]);
  });
});

describe("environments carry their nameSuffix", () => {
  const withSuffix = parseCatalog(catalogFiles((d) => void (d.project.environments.dev.nameSuffix = "-dev")));

  it("resolves an environment with its nameSuffix", () => {
    expect(resolveEnvironment(withSuffix, "dev").nameSuffix).toBe("-dev");
  });

  it("resolves an environment without one to an empty suffix", () => {
    expect(resolveEnvironment(withSuffix, "prod").nameSuffix).toBe("");
  });

  it("gives the project's own settings an empty suffix", () => {
    const plain = parseCatalog(catalogFiles((d) => void Object.assign(d.project, { environments: undefined, defaultEnvironment: undefined })));
    expect(catalogEnvironments(plain)).toEqual([{ name: "default", project: "acme-dev", region: "europe-west1", nameSuffix: "" }]);
  });
});

describe("list shows the Cloud Run names that differ from the catalog names", () => {
  const layout = LAYOUTS.bundled;
  const files = () => editProject(layout, layoutFiles(layout), (p) => void (p.environments.staging = { project: "dataface-prod", nameSuffix: "-staging" }));

  it("names each service and job with its name per environment where it differs, and the environment's suffix", () => {
    const text = summarizeCatalog(parseCatalog(files()));
    expect(text).toContain("staging (dataface-prod, europe-west1, nameSuffix -staging)");
    expect(text).toMatch(/^  alie .*  Cloud Run: alie -> alie-staging \(staging\)$/m);
    expect(text).toMatch(/^  ingestion .*  Cloud Run: ingestion -> ingestion-staging \(staging\)$/m);
  });

  it("shows cloudRunName in every environment", () => {
    const renamed = editDocument(files(), "pipelines/services/playground.yaml", (doc) => void (doc.cloudRunName = "dataface-playground"));
    expect(summarizeCatalog(parseCatalog(renamed))).toMatch(/^  playground .*  Cloud Run: playground -> dataface-playground \(dev, prod\), playground -> dataface-playground-staging \(staging\)$/m);
  });

  it("adds nothing for a catalog whose names are the Cloud Run names", () => {
    expect(summarizeCatalog(parseCatalog(layoutFiles(layout)))).not.toContain("Cloud Run:");
  });

  it("shows where an environment with a nameSuffix publishes a site", () => {
    const root = LAYOUTS.rootMkdocs;
    const shared = editProject(root, layoutFiles(root), (p) => void (p.environments.staging = { project: p.environments.dev.project, nameSuffix: "-staging" }));
    expect(summarizeCatalog(parseCatalog(shared))).toMatch(/^  docs .* -> gs:\/\/acme-billing-docs-dev\/ \(staging: gs:\/\/acme-billing-docs-dev\/staging\/\)$/m);
  });
});
