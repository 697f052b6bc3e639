/**
 * Job labels: a label removed from the catalog is removed from the job on the next deploy; labels
 * someone else put on the job are kept.
 */
import { describe, expect, it } from "vitest";
import { deployJob } from "../../ci/src/jobs/deploy-job.js";
import { mergeLabels, OWNED_LABELS_ANNOTATION } from "../../ci/src/lib/owned-labels.js";
import { storedJob, useFakeJobs } from "./support/harness.js";
import { deployOptions, jobName, jobSpec, render } from "./support/specs.js";

describe("mergeLabels", () => {
  it("drops the labels the pipeline wrote last time and the catalog no longer has, keeps everyone else's", () => {
    const merged = mergeLabels({ team: "data", tier: "gold", owner: "finops" }, { [OWNED_LABELS_ANNOTATION]: "team,tier" }, { team: "data", "managed-by": "cloud-run-pipeline" });
    expect(merged).toEqual({ labels: { owner: "finops", team: "data", "managed-by": "cloud-run-pipeline" }, owned: "managed-by,team" });
  });

  it("without a record of what it wrote (a job deployed before), keeps every live label", () => {
    expect(mergeLabels({ tier: "gold" }, {}, { team: "data" }).labels).toEqual({ tier: "gold", team: "data" });
  });
});

describe("deployJob labels", () => {
  const h = useFakeJobs();

  it("removes a label the catalog dropped, keeps a label someone else added", async () => {
    await deployJob(h.gateway, render(jobSpec("etl", { labels: { team: "data", tier: "gold" } }), 1), deployOptions());
    expect(storedJob(h.fake, "etl").annotations?.[OWNED_LABELS_ANNOTATION]).toBe("commit,managed-by,team,tier");
    const [live] = await h.other.getJob({ name: jobName("etl") });
    const [op] = await h.other.updateJob({ job: { ...live, labels: { ...live.labels, owner: "finops" } } });
    await op.promise();

    const report = await deployJob(h.gateway, render(jobSpec("etl", { labels: { team: "data" } }), 2), deployOptions());
    expect(report.status).toBe("deployed");
    const labels = storedJob(h.fake, "etl").labels ?? {};
    expect(labels).not.toHaveProperty("tier");
    expect(labels).toMatchObject({ team: "data", owner: "finops", "managed-by": "cloud-run-pipeline" });
  });
});
