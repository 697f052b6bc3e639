/**
 * Each Cloud SQL instance a target connects to: it exists in the region its connection name says
 * (sqladmin v1 instances.get) and is RUNNABLE, and the target's runtime account holds
 * roles/cloudsql.client (or a role that contains it) on the instance's project, read from the
 * project IAM policy (Resource Manager getIamPolicy; testIamPermissions answers only for the caller).
 * https://cloud.google.com/sql/docs/mysql/admin-api/rest/v1/instances/get
 */
import type { CloudSqlNeed } from "./needs.js";
import { type CheckContext, grantIn, readOrMissing } from "./reads.js";
import { combine, fail, ok, type PreflightCheck, type Verdict, warn } from "./result.js";

/** Roles holding cloudsql.instances.connect and cloudsql.instances.get (https://cloud.google.com/sql/docs/mysql/iam-roles). */
export const CLOUD_SQL_CLIENT_ROLES = ["roles/cloudsql.client", "roles/cloudsql.editor", "roles/cloudsql.admin", "roles/editor", "roles/owner"] as const;

interface SqlInstance {
  region?: string;
  state?: string;
  connectionName?: string;
}

async function instanceVerdict(ctx: CheckContext, need: CloudSqlNeed): Promise<Verdict> {
  const { project, region, instance } = need;
  const found = await readOrMissing(ctx.once(`sql:${project}/${instance}`, () => ctx.apis.get<SqlInstance>("sqlAdmin", `/v1/projects/${project}/instances/${instance}`)));
  if (found === undefined) return fail(`Cloud SQL instance ${instance} does not exist in project ${project}`, `fix run.cloudSqlInstances in ${need.file}; \`gcloud sql instances list --project=${project}\` lists the instances and their connection names`);
  if (found === "denied") {
    return warn(`the deployer may not read Cloud SQL instance ${instance} (cloudsql.instances.get), so whether it exists is not checked`, `gcloud projects add-iam-policy-binding ${project} --member=${ctx.deployer} --role=roles/cloudsql.viewer`);
  }
  if (found.region && found.region !== region) {
    return fail(`instance ${instance} is in region ${found.region}, not ${region}`, `write ${found.connectionName ?? `${project}:${found.region}:${instance}`} in run.cloudSqlInstances of ${need.file}`);
  }
  if (found.state && found.state !== "RUNNABLE") return warn(`instance ${instance} is ${found.state}, not RUNNABLE: the release works, connections fail until it runs`, `gcloud sql instances describe ${instance} --project=${project}`);
  return ok("instance exists and is RUNNABLE");
}

async function clientVerdict(ctx: CheckContext, need: CloudSqlNeed): Promise<Verdict> {
  const { project, account } = need;
  if (!account) return warn(`${need.usedBy} sets no run.serviceAccount, so it runs as the Compute Engine default service account, whose roles are not checked`, `set run.serviceAccount in ${need.file}`);
  const member = `serviceAccount:${account}`;
  const grant = `gcloud projects add-iam-policy-binding ${project} --member=${member} --role=roles/cloudsql.client`;
  const read = await ctx.projectPolicy(project);
  if ("unreadable" in read) return warn(`${read.unreadable}, so whether ${account} holds roles/cloudsql.client is not checked`, `gcloud projects add-iam-policy-binding ${project} --member=${ctx.deployer} --role=roles/iam.securityReviewer`);
  const held = grantIn(read.policy, member, CLOUD_SQL_CLIENT_ROLES);
  if (held.kind === "granted") return ok(`${account} holds ${held.role} on project ${project}`);
  if (held.kind === "conditional") return warn(`${account} holds ${held.role} only under the condition "${held.condition}", which is not evaluated`, `${grant}  (an unconditional grant)`);
  return fail(`${account} lacks roles/cloudsql.client on project ${project}: connections to ${need.instance} are refused`, grant);
}

export function cloudSqlChecks(ctx: CheckContext, needs: readonly CloudSqlNeed[]): PreflightCheck[] {
  return needs.map((need) => ({
    check: "cloud-sql",
    target: `${need.usedBy}: ${need.connection}`,
    run: async () => combine([await instanceVerdict(ctx, need), await clientVerdict(ctx, need)]),
  }));
}
