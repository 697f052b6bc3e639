/**
 * The project permissions the release needs, asked of the deployer with Resource Manager v1
 * projects.testIamPermissions (which needs no permission itself, and never writes):
 * run.services.* for services (setIamPolicy only when one is public), run.jobs.* for jobs,
 * cloudscheduler.jobs.* for schedules, monitoring.* when the catalog has monitoring settings
 * (needs.ts lists them).
 * https://cloud.google.com/resource-manager/reference/rest/v1/projects/testIamPermissions
 */
import { PUBLIC_SERVICE_PERMISSION } from "./needs.js";
import { type CheckContext, readOrMissing } from "./reads.js";
import { fail, ok, type PreflightCheck } from "./result.js";

/** The predefined role to grant for each missing permission family, as the commands to run. */
function fixes(project: string, member: string, missing: readonly string[]): string[] {
  const add = (role: string) => `gcloud projects add-iam-policy-binding ${project} --member=${member} --role=${role}`;
  const out: string[] = [];
  if (missing.includes(PUBLIC_SERVICE_PERMISSION)) out.push(`${add("roles/run.admin")}  (roles/run.developer cannot make a service public)`);
  else if (missing.some((p) => p.startsWith("run."))) out.push(add("roles/run.developer"));
  if (missing.some((p) => p.startsWith("cloudscheduler."))) out.push(add("roles/cloudscheduler.admin"));
  if (missing.some((p) => p.startsWith("monitoring."))) out.push(add("roles/monitoring.editor"));
  return out;
}

export function deployerPermissionsCheck(ctx: CheckContext, project: string, permissions: readonly string[]): PreflightCheck {
  return {
    check: "deployer-permissions",
    target: `project ${project}`,
    run: async () => {
      const answer = await readOrMissing(ctx.apis.post<{ permissions?: string[] }>("resourceManager", `/v1/projects/${project}:testIamPermissions`, { permissions }));
      if (answer === undefined || answer === "denied") {
        return fail(`project ${project} does not exist, or the deployer has no access to it at all`, `check the project id in project.yaml; \`gcloud projects describe ${project}\``);
      }
      const held = new Set(answer.permissions ?? []);
      const missing = permissions.filter((p) => !held.has(p));
      if (missing.length === 0) return ok(`the deployer holds ${permissions.length} permissions the release needs (${summary(permissions)})`);
      return fail(`the deployer lacks ${missing.join(", ")} on project ${project}`, fixes(project, ctx.deployer, missing).join("\n"));
    },
  };
}

const summary = (permissions: readonly string[]): string => [...new Set(permissions.map((p) => p.split(".").slice(0, 2).join(".") + ".*"))].join(", ");
