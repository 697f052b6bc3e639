/**
 * Each runtime and scheduler service account: it exists and is enabled (IAM v1
 * serviceAccounts.get), and the deployer can act as it (serviceAccounts.testIamPermissions,
 * iam.serviceAccounts.actAs), which deploying a revision or a Scheduler job that runs as it needs.
 * https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts
 */
import type { AccountNeed } from "./needs.js";
import { type CheckContext, readOrMissing } from "./reads.js";
import { combine, fail, ok, type PreflightCheck, type Verdict, warn } from "./result.js";

export const ACT_AS = "iam.serviceAccounts.actAs";

/** The project an account email names: name@PROJECT.iam.gserviceaccount.com, PROJECT@appspot...; else "-". */
const projectOf = (email: string): string => /^[^@]+@([^.]+)\.iam\.gserviceaccount\.com$/.exec(email)?.[1] ?? /^([^@]+)@appspot\.gserviceaccount\.com$/.exec(email)?.[1] ?? "-";

export function serviceAccountChecks(ctx: CheckContext, needs: readonly AccountNeed[]): PreflightCheck[] {
  return needs.map((need) => {
    const { email } = need;
    const project = projectOf(email);
    const inProject = project === "-" ? "" : ` --project=${project}`;
    const missing = fail(`${email} (${need.usedBy.join(", ")}) does not exist`, `gcloud iam service-accounts create ${email.split("@")[0]}${inProject}  (or fix serviceAccount in the catalog)`);
    return {
      check: "service-account",
      target: email,
      run: async () => {
        const path = `/v1/projects/-/serviceAccounts/${email}`;
        const account = await readOrMissing(ctx.apis.get<{ disabled?: boolean }>("iam", path));
        if (account === undefined) return missing;
        const parts: Verdict[] = [];
        if (account === "denied") {
          parts.push(warn("the deployer may not read the account (iam.serviceAccounts.get), so whether it is enabled is not checked", `gcloud iam service-accounts add-iam-policy-binding ${email}${inProject} --member=${ctx.deployer} --role=roles/iam.serviceAccountViewer`));
        } else if (account.disabled) {
          parts.push(fail(`${email} is disabled`, `gcloud iam service-accounts enable ${email}${inProject}`));
        } else {
          parts.push(ok(`exists (${need.usedBy.join(", ")})`));
        }
        const granted = await readOrMissing(ctx.apis.post<{ permissions?: string[] }>("iam", `${path}:testIamPermissions`, { permissions: [ACT_AS] }));
        if (granted === undefined) return missing;
        if (granted === "denied" || !(granted.permissions ?? []).includes(ACT_AS)) {
          parts.push(fail(`the deployer cannot act as it (missing ${ACT_AS})`, `gcloud iam service-accounts add-iam-policy-binding ${email}${inProject} --member=${ctx.deployer} --role=roles/iam.serviceAccountUser`));
        } else {
          parts.push(ok("the deployer can act as it"));
        }
        return combine(parts);
      },
    };
  });
}
