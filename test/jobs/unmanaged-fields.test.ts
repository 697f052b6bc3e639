/**
 * Field ownership for jobs: a deploy refuses before any write when the live execution template
 * holds settings the catalog does not manage, naming each; --drop-unmanaged removes them.
 */
import { describe, expect, it } from "vitest";
import { deployJob } from "../../ci/src/jobs/deploy-job.js";
import { unmanagedJobFields } from "../../ci/src/jobs/unmanaged-fields.js";
import { mutations, storedJob, useFakeJobs } from "./support/harness.js";
import { deployOptions, jobName, jobSpec, render } from "./support/specs.js";

const etl = jobSpec("etl", { tasks: 2 });

describe("unmanagedJobFields", () => {
  it("finds nothing in what the pipeline rendered, with Cloud Run's defaults filled in", () => {
    const live = structuredClone(render(etl, 1).resource);
    Object.assign(live.template!.template!, { executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2", serviceAccount: "1-compute@developer.gserviceaccount.com", encryptionKey: "" });
    expect(unmanagedJobFields(live, render(etl, 2).resource)).toEqual([]);
  });

  it("names args, a sidecar and a volume set outside the pipeline, keyed by the pipeline's container name", () => {
    const live = structuredClone(render(etl, 1).resource);
    const inner = live.template!.template! as Record<string, unknown> & { containers: Array<Record<string, unknown>> };
    inner.containers[0]!.name = "";
    inner.containers[0]!.args = ["--full"];
    inner.containers.push({ name: "proxy", image: "proxy:1" });
    inner.volumes = [{ name: "scratch", emptyDir: { medium: "MEMORY" } }];
    expect(unmanagedJobFields(live, render(etl, 2).resource).map((f) => f.field)).toEqual([
      "template.template.containers[etl].args[0]",
      "template.template.containers[proxy].image",
      "template.template.volumes[scratch].emptyDir.medium",
    ]);
  });
});

describe("deployJob with settings set outside the pipeline", () => {
  const h = useFakeJobs();

  async function addArgs(): Promise<void> {
    const [live] = await h.other.getJob({ name: jobName("etl") });
    const containers = live.template!.template!.containers!.map((c, i) => (i === 0 ? { ...c, args: ["--full"] } : c));
    const [op] = await h.other.updateJob({ job: { ...live, template: { ...live.template, template: { ...live.template!.template, containers } } } });
    await op.promise();
  }

  it("refuses before any write, naming the field and the way on", async () => {
    await deployJob(h.gateway, render(etl, 1), deployOptions());
    await addArgs();
    h.fake.clearRecords();
    await expect(deployJob(h.gateway, render(etl, 2), deployOptions())).rejects.toThrow(
      /job etl: its live execution template has 1 setting\(s\) the catalog does not manage, which this deploy would remove: template\.template\.containers\[etl\]\.args\[0\] = "--full"\. Nothing was changed\..*--drop-unmanaged/,
    );
    expect(mutations(h.fake)).toEqual([]);
  });

  it("with --drop-unmanaged deploys without them and says so", async () => {
    await deployJob(h.gateway, render(etl, 1), deployOptions());
    await addArgs();
    const report = await deployJob(h.gateway, render(etl, 2), deployOptions({ dropUnmanaged: true }));
    expect(report.status).toBe("deployed");
    expect(report.warnings.join("\n")).toMatch(/--drop-unmanaged: this deploy removes .*args\[0\] = "--full"/);
    expect(storedJob(h.fake, "etl").template?.template?.containers?.[0]?.args ?? []).toEqual([]);
  });
});
