/**
 * A private service's uptime check calls it with an OIDC token of the project's Cloud Monitoring
 * service agent (service-PROJECT_NUMBER@gcp-sa-monitoring-notification.iam.gserviceaccount.com), so
 * that agent needs roles/run.invoker on the service (or on the project); without it every check
 * gets 403 and the uptime alert fires although the service is healthy. Read-only: the project's
 * number (Resource Manager v1 projects.get), the service's IAM policy (Cloud Run v2
 * services.getIamPolicy) and the project's. A missing grant is a WARN: the release itself works.
 */
import { type CheckContext, grantIn, type IamPolicy, readOrMissing } from "./reads.js";
import { ok, type PreflightCheck, type Verdict, warn } from "./result.js";

/** A private service that has an uptime check in the environment. */
export interface UptimeInvokerNeed {
  /** The catalog name. */
  service: string;
  /** The Cloud Run service id in this environment. */
  cloudRunId: string;
  project: string;
  region: string;
  /** The health path the check calls. */
  path: string;
}

/** Predefined roles that carry run.routes.invoke on a service (a custom role is not recognised: WARN). */
export const INVOKER_ROLES = ["roles/run.invoker", "roles/run.developer", "roles/run.admin"];

export const monitoringAgent = (projectNumber: string): string => `serviceAccount:service-${projectNumber}@gcp-sa-monitoring-notification.iam.gserviceaccount.com`;

export function uptimeInvokerChecks(ctx: CheckContext, needs: readonly UptimeInvokerNeed[]): PreflightCheck[] {
  return needs.map((need) => ({
    check: "uptime-invoker",
    target: `service ${need.service}`,
    run: () => verdict(ctx, need),
  }));
}

async function verdict(ctx: CheckContext, need: UptimeInvokerNeed): Promise<Verdict> {
  const { project, region, cloudRunId: id } = need;
  const number = await ctx.once(`project-number:${project}`, () => readOrMissing(ctx.apis.get<{ projectNumber?: string }>("resourceManager", `/v1/projects/${project}`)));
  if (number === undefined || number === "denied" || !number.projectNumber) {
    return warn(
      `the deployer may not read project ${project} (resourcemanager.projects.get), so whether the Monitoring service agent may call private service ${id} for its uptime check is not checked`,
      `gcloud projects add-iam-policy-binding ${project} --member=${ctx.deployer} --role=roles/browser`,
    );
  }
  const agent = monitoringAgent(number.projectNumber);
  const grant = `gcloud run services add-iam-policy-binding ${id} --region=${region} --project=${project} --member=${agent} --role=roles/run.invoker`;
  const consequence = `its uptime check of ${need.path} would get 403 and its uptime alert fire`;
  const policy = await readOrMissing(ctx.apis.get<IamPolicy>("run", `/v2/projects/${project}/locations/${region}/services/${id}:getIamPolicy`, { "options.requestedPolicyVersion": "3" }));
  if (policy === "denied") {
    return warn(`the deployer may not read service ${id}'s IAM policy (run.services.getIamPolicy), so whether the Monitoring service agent ${agent} may call it is not checked`, `gcloud projects add-iam-policy-binding ${project} --member=${ctx.deployer} --role=roles/run.viewer`);
  }
  const onProject = await ctx.projectPolicy(project);
  const projectGrant = "policy" in onProject ? grantIn(onProject.policy, agent, INVOKER_ROLES) : undefined;
  if (projectGrant?.kind === "granted") return ok(`the Monitoring service agent holds ${projectGrant.role} on project ${project}`);
  if (policy === undefined) {
    return warn(`service ${id} does not exist yet; once deployed, ${consequence} unless the Monitoring service agent ${agent} holds roles/run.invoker on it`, `after the first deploy: ${grant}`);
  }
  const onService = grantIn(policy, agent, INVOKER_ROLES);
  if (onService.kind === "granted") return ok(`the Monitoring service agent holds ${onService.role} on ${id}`);
  const conditional = onService.kind === "conditional" ? onService : projectGrant?.kind === "conditional" ? projectGrant : undefined;
  if (conditional) return warn(`the Monitoring service agent ${agent} holds ${conditional.role} only under the condition "${conditional.condition}" (not evaluated here); if it does not hold, ${consequence}`, grant);
  const unread = "unreadable" in onProject ? ` (the project's own policy was not read: ${onProject.unreadable})` : "";
  return warn(`the Monitoring service agent ${agent} does not hold roles/run.invoker on private service ${id}, so ${consequence}${unread}`, grant);
}
