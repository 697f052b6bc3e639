/**
 * Renders a catalog job into the Cloud Run v2 Job the pipeline wants: image by digest, tasks,
 * parallelism, retries, task timeout, resources, env, secrets, service account, Cloud SQL, VPC.
 */
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import { type CloudRunLocation, cloudRunLocationOf, cloudRunNameOf } from "../catalog/naming.js";
import type { JobRunSettings, JobSpec } from "../catalog/schema.js";
import type { CloudRunJobResource, ExecutionTemplate } from "../gcp/run-job-resource.js";
import { RENDERED_FIELDS_ANNOTATION } from "../gcp/run-resource.js";
import { COMMIT_LABEL, CONFIG_HASH_ANNOTATION, durationSecondsOf, hashConfig, mainContainerFields, mainLimits, MANAGED_BY, MANAGED_BY_LABEL, placementFields, renderSidecars, renderVolumes, serviceAccountEmail, vpcAccess, withOverrides } from "../gcp/run-template.js";
import { jobRenderedFields } from "./unmanaged-fields.js";

/** The config hash, and the optional fields the pipeline rendered (../gcp/run-fields.ts, ../services/unmanaged.ts). */
function renderedAnnotations(configHash: string, template: ExecutionTemplate): Record<string, string> {
  const rendered = jobRenderedFields({ template });
  return { [CONFIG_HASH_ANNOTATION]: configHash, ...(rendered ? { [RENDERED_FIELDS_ANNOTATION]: rendered } : {}) };
}

export const PREVIOUS_IMAGE_ANNOTATION = "cloud-run-pipeline/previous-image";
/** The commit label the previous image was deployed with, recorded with it: rollback-job labels the job with it. */
export const PREVIOUS_COMMIT_ANNOTATION = "cloud-run-pipeline/previous-commit";

export interface RenderedJob {
  name: string;
  parent: string;
  /** The Cloud Run id in this environment (catalog/naming.ts: cloudRunName or name, plus the nameSuffix). */
  jobId: string;
  /** The catalog name: what --job takes (commands the reports print name it). */
  target: string;
  region: string;
  resource: CloudRunJobResource;
  configHash: string;
  image: string;
}

export const jobRunSettingsFor = (spec: JobSpec, envName: string): JobRunSettings => withOverrides(spec.run, spec.environments[envName]?.run);

/** Where the job lives in an environment: projects/P/locations/R and .../jobs/ID, ID from the naming rule (catalog/naming.ts). */
export function jobLocation(spec: JobSpec, env: ResolvedEnvironment): CloudRunLocation {
  return cloudRunLocationOf(spec, env);
}

export function renderJob(spec: JobSpec, env: ResolvedEnvironment, imageDigestRef: string, commit: string): RenderedJob {
  const run = jobRunSettingsFor(spec, env.name);
  const { parent, name, region } = jobLocation(spec, env);
  const template: ExecutionTemplate = {
    labels: { ...run.labels, [MANAGED_BY_LABEL]: MANAGED_BY },
    taskCount: run.tasks,
    parallelism: run.parallelism,
    template: {
      maxRetries: run.maxRetries,
      timeout: { seconds: durationSecondsOf(run.taskTimeout) },
      serviceAccount: run.serviceAccount ? serviceAccountEmail(run.serviceAccount, env.project) : undefined,
      vpcAccess: vpcAccess(run.vpc),
      volumes: renderVolumes(run),
      ...placementFields(run),
      containers: [
        {
          name: spec.name,
          image: imageDigestRef,
          ...mainContainerFields(run),
          resources: { limits: mainLimits(run), startupCpuBoost: run.startupCpuBoost },
        },
        ...renderSidecars(run),
      ],
    },
  };
  const configHash = hashConfig({ ...template, template: { ...template.template, containers: template.template?.containers?.map((c, i) => (i === 0 ? { ...c, image: undefined } : c)) }, labels: run.labels });
  return {
    name,
    parent,
    jobId: cloudRunNameOf(spec, env),
    target: spec.name,
    region,
    image: imageDigestRef,
    configHash,
    resource: {
      labels: { ...run.labels, [MANAGED_BY_LABEL]: MANAGED_BY, [COMMIT_LABEL]: commit },
      annotations: renderedAnnotations(configHash, template),
      template,
    },
  };
}
