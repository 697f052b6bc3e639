// Real @google-cloud/run clients pointed at a running fake.
import { ExecutionsClient, JobsClient, RevisionsClient, ServicesClient, protos } from "@google-cloud/run";
import type { OAuth2Client } from "google-auth-library";
import type { FakeCloudRun } from "../../fakes/cloud-run/index.js";
import { fixedTokenAuthClient } from "../clients.js";

export { ACCESS_TOKEN, fixedTokenAuthClient } from "../clients.js";

export const PARENT = "projects/test-project/locations/us-central1";

export interface RunClients {
  services: ServicesClient;
  revisions: RevisionsClient;
  jobs: JobsClient;
  executions: ExecutionsClient;
  close(): Promise<void>;
}

export function runClients(fake: FakeCloudRun, auth: OAuth2Client = fixedTokenAuthClient()): RunClients {
  const options = fake.clientOptions(auth);
  const services = new ServicesClient(options);
  const revisions = new RevisionsClient(options);
  const jobs = new JobsClient(options);
  const executions = new ExecutionsClient(options);
  return {
    services,
    revisions,
    jobs,
    executions,
    async close() {
      await Promise.all([services.close(), revisions.close(), jobs.close(), executions.close()]);
    },
  };
}

export const serviceName = (id: string) => `${PARENT}/services/${id}`;

type EnumValue = string | number | null | undefined;

/**
 * Operation results (`op.promise()`) are protobuf.js messages with numeric enums; plain calls
 * return enum names. Normalizes either form to the name.
 */
export function enumName(values: Record<string, string | number>, value: EnumValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === "number" ? String(values[value]) : value;
}

export const conditionState = (c: { state?: EnumValue } | null | undefined) =>
  enumName(protos.google.cloud.run.v2.Condition.State as unknown as Record<string, string | number>, c?.state);

export const allocationType = (t: { type?: EnumValue } | null | undefined) =>
  enumName(protos.google.cloud.run.v2.TrafficTargetAllocationType as unknown as Record<string, string | number>, t?.type);
