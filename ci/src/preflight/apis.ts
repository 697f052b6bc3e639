/**
 * APIs enabled in the environment's project: Service Usage v1 services.get
 * (https://cloud.google.com/service-usage/docs/reference/rest/v1/services/get), which needs
 * serviceusage.services.get (roles/serviceusage.serviceUsageViewer).
 */
import type { ApiNeed } from "./needs.js";
import { type CheckContext, httpStatus } from "./reads.js";
import { fail, ok, type PreflightCheck, warn } from "./result.js";

export function apiChecks(ctx: CheckContext, project: string, needs: readonly ApiNeed[]): PreflightCheck[] {
  return needs.map((need) => ({
    check: "api",
    target: need.api,
    run: async () => {
      let state: string | undefined;
      try {
        ({ state } = await ctx.apis.get<{ state?: string }>("serviceUsage", `/v1/projects/${project}/services/${need.api}`));
      } catch (err) {
        if (httpStatus(err) !== 403) throw err;
        return warn(
          `cannot tell whether ${need.api} is enabled in project ${project}: the deployer lacks serviceusage.services.get (needed for ${need.why})`,
          `gcloud projects add-iam-policy-binding ${project} --member=${ctx.deployer} --role=roles/serviceusage.serviceUsageViewer`,
        );
      }
      if (state === "ENABLED") return ok(`enabled in project ${project} (${need.why})`);
      return fail(`${need.api} is not enabled in project ${project} (state ${state ?? "unknown"}); needed for ${need.why}`, `gcloud services enable ${need.api} --project=${project}`);
    },
  }));
}
