/**
 * Choosing what a promotion ships (promotion/source.ts), from plain Cloud Run resources: the one
 * revision serving 100% (tag-only entries ignored, LATEST resolved), only when this pipeline
 * deployed it and only by digest; a job's current template the same way.
 */
import { describe, expect, it } from "vitest";
import type { CloudRunJobResource } from "../../ci/src/gcp/run-job-resource.js";
import type { CloudRunRevisionResource, CloudRunServiceResource } from "../../ci/src/gcp/run-resource.js";
import { commitOfRevision, jobSource, PromotionRefusedError, revisionToPromote, serviceSource, type SourceTarget } from "../../ci/src/promotion/source.js";
import { testCall } from "../support/suggested-call.js";

const NAME = "projects/dataface-staging/locations/europe-west1/services/alie";
const DIGEST = `sha256:${"a".repeat(64)}`;
const IMAGE = `europe-west1-docker.pkg.dev/dataface-staging/dataface/alie@${DIGEST}`;
const TARGET: SourceTarget = { kind: "service", target: "alie", cloudRunName: "alie", environment: "staging", call: testCall };
const MANAGED = { "managed-by": "cloud-run-pipeline", commit: "1234567" };
const LATEST = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";

function service(fields: Partial<CloudRunServiceResource> = {}): CloudRunServiceResource {
  return {
    name: NAME,
    labels: MANAGED,
    latestReadyRevision: `${NAME}/revisions/alie-89abcde-k3x9p`,
    trafficStatuses: [{ type: REVISION, revision: "alie-89abcde-k3x9p", percent: 100 }],
    ...fields,
  };
}

function revision(fields: Partial<CloudRunRevisionResource> = {}): CloudRunRevisionResource {
  return { name: `${NAME}/revisions/alie-89abcde-k3x9p`, labels: { "managed-by": "cloud-run-pipeline" }, containers: [{ name: "alie", image: IMAGE }], ...fields };
}

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PromotionRefusedError);
    return (err as Error).message;
  }
  throw new Error("expected a refusal");
};

describe("the revision to promote", () => {
  it("is the single revision serving 100%", () => {
    expect(revisionToPromote(TARGET, service(), NAME).revision).toBe("alie-89abcde-k3x9p");
  });

  it("resolves a LATEST entry to the latest ready revision", () => {
    const s = service({ trafficStatuses: [{ type: LATEST, percent: 100 }], latestReadyRevision: `${NAME}/revisions/alie-89abcde-zzzzz` });
    expect(revisionToPromote(TARGET, s, NAME).revision).toBe("alie-89abcde-zzzzz");
  });

  it("ignores tag-only entries at 0%", () => {
    const s = service({
      trafficStatuses: [
        { type: REVISION, revision: "alie-89abcde-k3x9p", percent: 100 },
        { type: REVISION, revision: "alie-7777777-old01", percent: 0, tag: "previous" },
        { type: REVISION, revision: "alie-8888888-rc001", percent: 0, tag: "rc-8888888" },
      ],
    });
    expect(revisionToPromote(TARGET, s, NAME).revision).toBe("alie-89abcde-k3x9p");
  });

  it("reads what Cloud Run routes (trafficStatuses) over the desired traffic", () => {
    const s = service({ traffic: [{ type: REVISION, revision: "alie-1111111-wanted", percent: 100 }] });
    expect(revisionToPromote(TARGET, s, NAME).revision).toBe("alie-89abcde-k3x9p");
  });

  it("refuses split traffic, naming the shares and how to end the split", () => {
    const s = service({ trafficStatuses: [{ type: REVISION, revision: "alie-89abcde-k3x9p", percent: 90 }, { type: REVISION, revision: "alie-7777777-old01", percent: 10 }] });
    const message = refusal(() => revisionToPromote(TARGET, s, NAME));
    expect(message).toContain("service alie in staging splits its traffic (alie-89abcde-k3x9p 90%, alie-7777777-old01 10%)");
    expect(message).toContain("dagger call rollback --service=alie --env=staging --to-revision=REVISION --credentials=env://GCP_CREDENTIALS");
  });

  it("refuses a service that serves nothing", () => {
    const s = service({ trafficStatuses: [{ type: LATEST, percent: 100 }], latestReadyRevision: "" });
    expect(refusal(() => revisionToPromote(TARGET, s, NAME))).toContain("serves no revision");
  });

  it("refuses a service that does not exist, saying where it looked and how to deploy it", () => {
    const message = refusal(() => revisionToPromote(TARGET, undefined, NAME));
    expect(message).toContain(`does not exist (looked for ${NAME})`);
    expect(message).toContain("dagger call deploy --service=alie --env=staging --credentials=env://GCP_CREDENTIALS");
  });

  it("refuses a service without the pipeline's managed-by label", () => {
    expect(refusal(() => revisionToPromote(TARGET, service({ labels: { team: "data" } }), NAME))).toContain("was not deployed by cloud-run-pipeline (it has no managed-by=cloud-run-pipeline label)");
  });

  it("refuses a service still applying a change", () => {
    expect(refusal(() => revisionToPromote(TARGET, service({ reconciling: true }), NAME))).toContain("still applying a change");
  });

  it("names both the catalog and the Cloud Run names when they differ", () => {
    const target = { ...TARGET, cloudRunName: "alie-staging" };
    expect(refusal(() => revisionToPromote(target, undefined, NAME))).toMatch(/^service alie \(alie-staging\) in staging does not exist/);
  });
});

describe("the image a service promotion ships", () => {
  const history = { served: ["alie-89abcde-k3x9p"], failed: [] };

  it("is the serving revision's main image by digest, with the commit from the pipeline's revision name", () => {
    expect(serviceSource(TARGET, service(), "alie-89abcde-k3x9p", revision(), history)).toEqual({
      cloudRunName: "alie",
      revision: "alie-89abcde-k3x9p",
      image: IMAGE,
      digest: DIGEST,
      commit: "89abcde",
      gate: "served",
    });
  });

  it("takes the container named after the catalog target, not a sidecar listed first", () => {
    const r = revision({ containers: [{ name: "proxy", image: `proxy@sha256:${"b".repeat(64)}` }, { name: "alie", image: IMAGE }] });
    expect(serviceSource(TARGET, service(), "alie-89abcde-k3x9p", r, history).digest).toBe(DIGEST);
  });

  it("refuses a revision without the pipeline's label, even on a managed service", () => {
    const message = refusal(() => serviceSource(TARGET, service(), "alie-89abcde-k3x9p", revision({ labels: {} }), history));
    expect(message).toContain("revision alie-89abcde-k3x9p serving service alie in staging was not deployed by cloud-run-pipeline");
  });

  it("refuses a revision the pipeline recorded as having failed its health gate", () => {
    const message = refusal(() => serviceSource(TARGET, service(), "alie-89abcde-k3x9p", revision(), { served: [], failed: ["alie-89abcde-k3x9p"] }));
    expect(message).toContain("FAILED the pipeline's health gate");
  });

  it("refuses an image not pinned by digest", () => {
    const message = refusal(() => serviceSource(TARGET, service(), "alie-89abcde-k3x9p", revision({ containers: [{ name: "alie", image: "europe-west1-docker.pkg.dev/p/r/alie:latest" }] }), history));
    expect(message).toContain("runs europe-west1-docker.pkg.dev/p/r/alie:latest, which is not pinned by digest");
  });

  it("refuses a revision that could not be read", () => {
    expect(refusal(() => serviceSource(TARGET, service(), "alie-89abcde-k3x9p", undefined, history))).toContain("could not be read");
  });

  it("says when the pipeline has no record of the revision passing its gate", () => {
    expect(serviceSource(TARGET, service(), "alie-89abcde-k3x9p", revision(), { served: [], failed: [] }).gate).toBe("not recorded");
  });
});

describe("the commit of a pipeline revision", () => {
  it("is the hex part of SERVICE-<sha>-<suffix>", () => {
    expect(commitOfRevision("alie-staging-89abcde-k3x9p", "alie-staging")).toBe("89abcde");
  });

  it("is unknown for a revision named otherwise", () => {
    expect(commitOfRevision("alie-00003-xyz", "alie")).toBeUndefined();
    expect(commitOfRevision("other-89abcde-k3x9p", "alie")).toBeUndefined();
  });
});

describe("the image a job promotion ships", () => {
  const JOB = "projects/dataface-staging/locations/europe-west1/jobs/ingestion";
  const target: SourceTarget = { kind: "job", target: "ingestion", cloudRunName: "ingestion", environment: "staging", call: testCall };
  const job = (fields: Partial<CloudRunJobResource> = {}): CloudRunJobResource => ({
    name: JOB,
    labels: MANAGED,
    template: { template: { containers: [{ name: "ingestion", image: IMAGE }] } },
    ...fields,
  });

  it("is its current template's main image, with the commit label", () => {
    expect(jobSource(target, job(), JOB)).toEqual({ cloudRunName: "ingestion", image: IMAGE, digest: DIGEST, commit: "1234567" });
  });

  it("refuses a job not managed by the pipeline", () => {
    expect(refusal(() => jobSource(target, job({ labels: {} }), JOB))).toContain("job ingestion in staging was not deployed by cloud-run-pipeline");
  });

  it("refuses a job left failed by its last update", () => {
    expect(refusal(() => jobSource(target, job({ terminalCondition: { state: "CONDITION_FAILED", message: "bad" } }), JOB))).toContain("was left failed by its last update (bad)");
  });

  it("refuses a job that does not exist, naming deploy-job", () => {
    expect(refusal(() => jobSource(target, undefined, JOB))).toContain("dagger call deploy-job --job=ingestion --env=staging --credentials=env://GCP_CREDENTIALS");
  });

  it("refuses an image not pinned by digest", () => {
    expect(refusal(() => jobSource(target, job({ template: { template: { containers: [{ name: "ingestion", image: "ingestion:1" }] } } }), JOB))).toContain("not pinned by digest");
  });
});
