/**
 * Renders a catalog job into the Cloud Run v2 Job the pipeline wants: image by digest, tasks,
 * parallelism, retries, task timeout, resources, env, secrets, service account, Cloud SQL, VPC.
 */
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import type { JobRunSettings, JobSpec } from "../catalog/schema.js";
import { COMMIT_LABEL, CONFIG_HASH_ANNOTATION, durationSecondsOf, envVars, hashConfig, MANAGED_BY, MANAGED_BY_LABEL, serviceAccountEmail, vpcAccess, withOverrides } from "../release/render.js";
import type { CloudRunJobResource, ExecutionTemplate } from "./resource.js";

export const PREVIOUS_IMAGE_ANNOTATION = "cloud-run-pipeline/previous-image";

export interface RenderedJob {
  name: string;
  parent: string;
  jobId: string;
  region: string;
  resource: CloudRunJobResource;
  configHash: string;
  image: string;
}

export const jobRunSettingsFor = (spec: JobSpec, envName: string): JobRunSettings => withOverrides(spec.run, spec.environments[envName]?.run);

export function jobLocation(spec: JobSpec, env: ResolvedEnvironment): { parent: string; name: string; region: string } {
  const region = jobRunSettingsFor(spec, env.name).region ?? env.region;
  const parent = `projects/${env.project}/locations/${region}`;
  return { parent, name: `${parent}/jobs/${spec.name}`, region };
}

export function renderJob(spec: JobSpec, env: ResolvedEnvironment, imageDigestRef: string, commit: string): RenderedJob {
  const run = jobRunSettingsFor(spec, env.name);
  const { parent, name, region } = jobLocation(spec, env);
  const cloudSql = run.cloudSqlInstances.length > 0;
  const template: ExecutionTemplate = {
    labels: { ...run.labels, [MANAGED_BY_LABEL]: MANAGED_BY },
    taskCount: run.tasks,
    parallelism: run.parallelism,
    template: {
      maxRetries: run.maxRetries,
      timeout: { seconds: durationSecondsOf(run.taskTimeout) },
      serviceAccount: run.serviceAccount ? serviceAccountEmail(run.serviceAccount, env.project) : undefined,
      vpcAccess: vpcAccess(run.vpc),
      volumes: cloudSql ? [{ name: "cloudsql", cloudSqlInstance: { instances: [...run.cloudSqlInstances] } }] : undefined,
      containers: [
        {
          name: spec.name,
          image: imageDigestRef,
          env: envVars(run),
          resources: { limits: { cpu: run.cpu, memory: run.memory } },
          volumeMounts: cloudSql ? [{ name: "cloudsql", mountPath: "/cloudsql" }] : undefined,
        },
      ],
    },
  };
  const configHash = hashConfig({ ...template, template: { ...template.template, containers: template.template?.containers?.map((c) => ({ ...c, image: undefined })) }, labels: run.labels });
  return {
    name,
    parent,
    jobId: spec.name,
    region,
    image: imageDigestRef,
    configHash,
    resource: {
      labels: { ...run.labels, [MANAGED_BY_LABEL]: MANAGED_BY, [COMMIT_LABEL]: commit },
      annotations: { [CONFIG_HASH_ANNOTATION]: configHash },
      template,
    },
  };
}
