/**
 * plan --job: what deploy-job would change in the live job, field by field, and what it does not
 * manage, read from the in-repo Cloud Run fake through the real client, with no mutating call.
 */
import { describe, expect, it } from "vitest";
import { deployJob } from "../../ci/src/jobs/deploy-job.js";
import { diffJob, formatJobPlan, planJob } from "../../ci/src/jobs/plan-job.js";
import { mutations, useFakeJobs } from "./support/harness.js";
import { deployOptions, jobName, jobSpec, render } from "./support/specs.js";

describe("diffJob", () => {
  it("finds no change between a rendered job and itself with another image", () => {
    expect(diffJob(render(jobSpec("etl"), 1).resource, render(jobSpec("etl"), 2).resource)).toEqual([]);
  });

  it("names each changed field: tasks, memory, args, a volume, a sidecar", () => {
    const before = render(jobSpec("etl", { tasks: 2 })).resource;
    const after = render(jobSpec("etl", { tasks: 4, memory: "1Gi", args: ["--full"], volumes: [{ name: "tmp", mountPath: "/tmp/w", inMemory: {} }] })).resource;
    expect(diffJob(before, after).map((c) => `${c.field}: ${c.live ?? "(unset)"} -> ${c.desired ?? "(unset)"}`)).toEqual([
      "template.taskCount: 2 -> 4",
      "template.template.containers[etl].args[0]: (unset) -> --full",
      "template.template.containers[etl].resources.limits.memory: 512Mi -> 1Gi",
      "template.template.containers[etl].volumeMounts[tmp].mountPath: (unset) -> /tmp/w",
      "template.template.volumes[tmp].emptyDir.medium: (unset) -> MEMORY",
    ]);
  });
});

describe("planJob against the fake", () => {
  const h = useFakeJobs();

  it("says a job that does not exist would be created", async () => {
    const plan = await planJob(h.gateway, render(jobSpec("etl")), "abc1234");
    expect(plan.exists).toBe(false);
    expect(formatJobPlan(plan)).toMatch(/^job etl: would be CREATED from commit abc1234 \(\d+ settings\)$/);
  });

  it("lists the changes and the settings set outside the pipeline, without writing", async () => {
    await deployJob(h.gateway, render(jobSpec("etl", { tasks: 2 }), 1), deployOptions());
    const [live] = await h.other.getJob({ name: jobName("etl") });
    const containers = [...live.template!.template!.containers!, { name: "proxy", image: "proxy@sha256:abc" }];
    const [op] = await h.other.updateJob({ job: { ...live, template: { ...live.template, template: { ...live.template!.template, containers } } } });
    await op.promise();
    h.fake.clearRecords();

    const plan = await planJob(h.gateway, render(jobSpec("etl", { tasks: 3 }), 2), "def5678");
    const text = formatJobPlan(plan);
    expect(text).toContain("job etl: 1 configuration change(s)");
    expect(text).toContain("template.taskCount: 2 -> 3");
    expect(text).toContain("NOT MANAGED by the catalog (deploy-job refuses unless --drop-unmanaged, which removes them):");
    expect(text).toContain("template.template.containers[proxy].image: proxy@sha256:abc");
    expect(mutations(h.fake)).toEqual([]);
  });
});
