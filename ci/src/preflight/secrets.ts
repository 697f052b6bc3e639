/**
 * Each Secret Manager secret a target reads (run.secrets, sidecars' secrets, secret volumes): the
 * secret and the version exist and the version is ENABLED (secretmanager v1 versions.get; "latest"
 * resolves to the newest version), and the target's RUNTIME service account may access it.
 *
 * testIamPermissions answers for the caller only, so it cannot tell what the runtime account may
 * do; instead the secret's IAM policy (secrets.getIamPolicy) and then its project's are read, looking
 * for an unconditional binding of the account to a role that grants secretmanager.versions.access
 * (roles/secretmanager.secretAccessor, roles/secretmanager.admin, roles/owner). Grants through
 * groups, folders or the organization are not visible this way: they show as FAIL, and the fix
 * names the direct grant. An unreadable policy or a conditional binding is a WARN.
 * https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/get
 */
import type { SecretNeed } from "./needs.js";
import { type CheckContext, grantIn, type IamPolicy, readOrMissing } from "./reads.js";
import { combine, fail, ok, type PreflightCheck, type Verdict, warn } from "./result.js";

export const SECRET_ACCESS_ROLES = ["roles/secretmanager.secretAccessor", "roles/secretmanager.admin", "roles/owner"] as const;

interface SecretVersion {
  name?: string;
  state?: string;
}

async function versionVerdict(ctx: CheckContext, need: SecretNeed): Promise<Verdict | "missing-secret"> {
  const { project, secret, version } = need;
  const base = `/v1/projects/${project}/secrets/${secret}`;
  const found = await readOrMissing(ctx.once(`secret-version:${project}/${secret}/${version}`, () => ctx.apis.get<SecretVersion>("secretManager", `${base}/versions/${version}`)));
  const add = `gcloud secrets versions add ${secret} --project=${project} --data-file=FILE`;
  if (found === "denied") {
    return warn(`the deployer may not read secret ${secret}'s versions (secretmanager.versions.get), so whether version ${version} exists and is enabled is not checked`, `gcloud projects add-iam-policy-binding ${project} --member=${ctx.deployer} --role=roles/secretmanager.viewer`);
  }
  if (found === undefined) {
    const exists = await readOrMissing(ctx.once(`secret:${project}/${secret}`, () => ctx.apis.get("secretManager", base)));
    if (exists === undefined) return "missing-secret";
    return fail(version === "latest" ? `secret ${secret} has no versions` : `version ${version} of secret ${secret} does not exist`, `${add}${version === "latest" ? "" : `  (or pin an existing version in ${need.file})`}`);
  }
  const number = found.name?.split("/").pop() ?? version;
  const which = version === "latest" ? `latest (version ${number})` : `version ${number}`;
  if (found.state === "ENABLED") return ok(`${which} is enabled`);
  if (found.state === "DISABLED") return fail(`${which} of secret ${secret} is DISABLED`, `gcloud secrets versions enable ${number} --secret=${secret} --project=${project}`);
  return fail(`${which} of secret ${secret} is ${found.state ?? "in an unknown state"}`, `${add}  (a destroyed version cannot come back${version === "latest" ? "" : `; then pin the new version in ${need.file}`})`);
}

async function accessVerdict(ctx: CheckContext, need: SecretNeed): Promise<Verdict> {
  const { project, secret, account } = need;
  if (!account) {
    return warn(`${need.usedBy} sets no run.serviceAccount, so it runs as the Compute Engine default service account, whose access is not checked`, `set run.serviceAccount in ${need.file}`);
  }
  const member = `serviceAccount:${account}`;
  const grant = `gcloud secrets add-iam-policy-binding ${secret} --project=${project} --member=${member} --role=roles/secretmanager.secretAccessor`;
  const policy = await readOrMissing(ctx.once(`secret-policy:${project}/${secret}`, () => ctx.apis.get<IamPolicy>("secretManager", `/v1/projects/${project}/secrets/${secret}:getIamPolicy`, { "options.requestedPolicyVersion": "3" })));
  const onSecret = policy && policy !== "denied" ? grantIn(policy, member, SECRET_ACCESS_ROLES) : undefined;
  if (onSecret?.kind === "granted") return ok(`${account} holds ${onSecret.role} on the secret`);
  const projectRead = await ctx.projectPolicy(project);
  const onProject = "policy" in projectRead ? grantIn(projectRead.policy, member, SECRET_ACCESS_ROLES) : undefined;
  if (onProject?.kind === "granted") return ok(`${account} holds ${onProject.role} on project ${project}`);
  const conditional = onSecret?.kind === "conditional" ? onSecret : onProject?.kind === "conditional" ? onProject : undefined;
  if (conditional) return warn(`${account} holds ${conditional.role} only under the condition "${conditional.condition}", which is not evaluated`, `${grant}  (an unconditional grant)`);
  if (policy === "denied") {
    return warn(`the deployer may not read secret ${secret}'s IAM policy (secretmanager.secrets.getIamPolicy), so whether ${account} can access it is not checked`, `gcloud projects add-iam-policy-binding ${project} --member=${ctx.deployer} --role=roles/secretmanager.viewer`);
  }
  if ("unreadable" in projectRead) {
    return warn(`${account} has no access role on the secret itself, and ${projectRead.unreadable}, so a project-level grant is not checked`, `${grant}  (or let the deployer read the project policy: gcloud projects add-iam-policy-binding ${project} --member=${ctx.deployer} --role=roles/iam.securityReviewer)`);
  }
  return fail(`${account} cannot access secret ${secret}: no roles/secretmanager.secretAccessor on the secret or on project ${project}`, grant);
}

export function secretChecks(ctx: CheckContext, needs: readonly SecretNeed[]): PreflightCheck[] {
  return needs.map((need) => ({
    check: "secret",
    target: `${need.usedBy}: ${need.project}/${need.secret}@${need.version}`,
    run: async () => {
      const version = await versionVerdict(ctx, need);
      if (version === "missing-secret") {
        return fail(`secret ${need.secret} does not exist in project ${need.project}`, `gcloud secrets create ${need.secret} --project=${need.project} --replication-policy=automatic --data-file=FILE  (or fix the secret name in ${need.file})`);
      }
      return combine([version, await accessVerdict(ctx, need)]);
    },
  }));
}
