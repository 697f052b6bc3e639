/**
 * The Artifact Registry repository images are pushed to: it exists in its location, is a standard
 * DOCKER repository (remote and virtual ones take no pushes), and the deployer may push
 * (repositories.testIamPermissions, artifactregistry.repositories.uploadArtifacts).
 * https://cloud.google.com/artifact-registry/docs/reference/rest/v1/projects.locations.repositories
 */
import type { RegistryNeed } from "./needs.js";
import { type CheckContext, readOrMissing } from "./reads.js";
import { combine, fail, ok, type PreflightCheck, type Verdict, warn } from "./result.js";

export const PUSH_PERMISSION = "artifactregistry.repositories.uploadArtifacts";

interface Repository {
  format?: string;
  mode?: string;
}

export function registryCheck(ctx: CheckContext, need: RegistryNeed): PreflightCheck {
  const { project, location, repository } = need;
  const path = `/v1/projects/${project}/locations/${location}/repositories/${repository}`;
  const create = `gcloud artifacts repositories create ${repository} --repository-format=docker --location=${location} --project=${project}`;
  const missing = fail(`repository ${repository} does not exist in ${location} (project ${project})`, `${create}  (or fix artifactRegistry.repository / artifactRegistry.location in project.yaml)`);
  return {
    check: "registry",
    target: `${location}-docker.pkg.dev/${project}/${repository}`,
    run: async () => {
      const repo = await readOrMissing(ctx.apis.get<Repository>("artifactRegistry", path));
      if (repo === undefined) return missing;
      const parts: Verdict[] = [];
      if (repo === "denied") {
        parts.push(warn("the deployer may not read the repository (artifactregistry.repositories.get), so its format is not checked", `gcloud artifacts repositories add-iam-policy-binding ${repository} --location=${location} --project=${project} --member=${ctx.deployer} --role=roles/artifactregistry.reader`));
      } else if (repo.format !== "DOCKER") {
        return fail(`repository ${repository} is a ${repo.format ?? "FORMAT_UNSPECIFIED"} repository, not DOCKER: images cannot be pushed to it`, `${create.replace(` ${repository} `, ` ${repository}-docker `)}  and set artifactRegistry.repository: ${repository}-docker in project.yaml`);
      } else if (repo.mode && repo.mode !== "STANDARD_REPOSITORY" && repo.mode !== "MODE_UNSPECIFIED") {
        return fail(`repository ${repository} is a ${repo.mode}: it takes no pushes`, `${create}-push  (a standard repository) and set artifactRegistry.repository in project.yaml`);
      } else {
        parts.push(ok("DOCKER repository"));
      }
      const granted = await readOrMissing(ctx.apis.post<{ permissions?: string[] }>("artifactRegistry", `${path}:testIamPermissions`, { permissions: [PUSH_PERMISSION] }));
      if (granted === undefined) return missing;
      if (granted === "denied" || !(granted.permissions ?? []).includes(PUSH_PERMISSION)) {
        parts.push(fail(`the deployer cannot push to it (missing ${PUSH_PERMISSION})`, `gcloud artifacts repositories add-iam-policy-binding ${repository} --location=${location} --project=${project} --member=${ctx.deployer} --role=roles/artifactregistry.writer`));
      } else {
        parts.push(ok("the deployer can push"));
      }
      return combine(parts);
    },
  };
}
