/**
 * Invalid catalogs, part one: files, YAML, kinds, names, unknown fields, project and environments.
 * Each case names the exact file, the exact field and a message fragment saying what is allowed.
 */
import { describe, it } from "vitest";
import { type InvalidCase, serviceYaml, baselineDocs, catalogErrorOf, catalogFiles, expectProblem, paths, toYaml, withFile, withoutFile } from "./fixtures.js";

const cases: InvalidCase[] = [
  // --- files and kinds -------------------------------------------------------------------------
  {
    case: "a catalog without a project file",
    files: () => withoutFile(paths.project),
    file: "pipelines/project.yaml",
    field: "",
    says: "needs one file with `kind: project`",
  },
  {
    case: "a second project file",
    files: () => withFile("pipelines/project-copy.yaml", catalogFiles().find((f) => f.path === paths.project)!.text),
    file: "pipelines/project.yaml",
    field: "kind",
    says: "only one project file is allowed; pipelines/project-copy.yaml already has kind: project",
  },
  {
    case: "an unknown kind",
    files: () => catalogFiles((d) => void (d.service.kind = "svc")),
    file: paths.service,
    field: "kind",
    says: 'must be one of project, service, job, site (got "svc")',
  },
  {
    case: "a file without kind",
    files: () => catalogFiles((d) => void delete d.service.kind),
    file: paths.service,
    field: "kind",
    says: "must be one of project, service, job, site (it is missing)",
  },
  {
    case: "a service file in the jobs folder",
    files: () => withFile("pipelines/jobs/api.yaml", toYaml(baselineDocs().service), withoutFile(paths.service)),
    file: "pipelines/jobs/api.yaml",
    field: "kind",
    says: "service files belong in pipelines/services/",
  },
  {
    case: "a name that does not match the file name",
    files: () => catalogFiles((d) => void (d.service.name = "web")),
    file: paths.service,
    field: "name",
    says: "rename the file to web.yaml or set name: api",
  },
  {
    case: "the same service name in two files",
    files: () => withFile("pipelines/services/api.yml", toYaml(baselineDocs().service)),
    file: "pipelines/services/api.yml",
    field: "name",
    says: 'service "api" is already defined in pipelines/services/api.yaml; names must be unique',
  },
  {
    case: "a service file in a subfolder of services/",
    files: () => withFile("pipelines/services/team/web.yaml", toYaml({ ...baselineDocs().service, name: "web" }), withoutFile(paths.service)),
    file: "pipelines/services/team/web.yaml",
    field: "kind",
    says: "service files belong in pipelines/services/ (directly, not in a subfolder)",
  },
  {
    case: "a build arg named like build.commitArg (it would silently replace the commit)",
    files: () => catalogFiles((d) => void (d.service.build.args = { GIT_SHA: "pinned" })),
    file: paths.service,
    field: "build.args.GIT_SHA",
    says: "GIT_SHA is the build argument that receives the commit (build.commitArg); remove it from build.args, or set build.commitArg to another name (or false)",
  },
  {
    case: "a dockerfile outside the build context",
    files: () => catalogFiles((d) => void (d.service.build.dockerfile = "../other/Dockerfile")),
    file: paths.service,
    field: "build.dockerfile",
    says: 'must be a path inside the build context: relative, and ".." must not climb out of it',
  },
  {
    case: "an absolute dockerfile path",
    files: () => catalogFiles((d) => void (d.service.build.dockerfile = "/Dockerfile")),
    file: paths.service,
    field: "build.dockerfile",
    says: "must be a path inside the build context",
  },
  {
    case: "an unsupported Python version",
    files: () => catalogFiles((d) => void (d.service.python = { version: "3.9" })),
    file: paths.service,
    field: "python.version",
    says: "must be a supported Python version: 3.10, 3.11, 3.12, 3.13",
  },
  {
    case: "an unknown Python manager",
    files: () => catalogFiles((d) => void (d.job.python = { manager: "conda" })),
    file: paths.job,
    field: "python.manager",
    says: "must be one of uv, poetry, pdm, pip, pyproject",
  },
  {
    case: "a requirements file outside the project folder",
    files: () => catalogFiles((d) => void (d.service.python = { requirements: ["../requirements.txt"] })),
    file: paths.service,
    field: "python.requirements[0]",
    says: "must be a path inside the project folder",
  },
  {
    case: "a build secret id with a space",
    files: () => catalogFiles((d) => void (d.service.build.secrets = ["pip index"])),
    file: paths.service,
    field: "build.secrets[0]",
    says: "secret ids are letters, digits",
  },
  {
    case: "a site requirements file outside its folder",
    files: () => catalogFiles((d) => void (d.site.requirements = "../../requirements.txt")),
    file: paths.site,
    field: "requirements",
    says: "must be a path inside the mkdocs folder",
  },
  {
    case: "invalid YAML, giving the line",
    files: () => withFile(paths.service, serviceYaml("build: [\n  context: x\n")),
    file: paths.service,
    field: "",
    says: "invalid YAML (line 5, column 1)",
  },
  {
    case: "a key given twice in one mapping, naming the key and both lines",
    files: () => withFile(paths.service, serviceYaml("name: web\nbuild:\n  context: x\n")),
    file: paths.service,
    field: "name",
    says: 'invalid YAML (line 3, column 1): the key "name" is given twice in this mapping (first at line 2, column 1); map keys must be unique',
  },
  {
    case: "an empty file",
    files: () => withFile(paths.service, "\n  \n"),
    file: paths.service,
    field: "",
    says: "the file is empty; remove it or give it a `kind`",
  },
  {
    case: "a file holding only comments",
    files: () => withFile(paths.service, "# yaml-language-server: $schema=../schema.json\n# nothing yet\n"),
    file: paths.service,
    field: "",
    says: "the file has only comments; remove it or give it a `kind`",
  },
  {
    case: "a top-level list instead of a mapping",
    files: () => withFile(paths.service, "- kind: service\n  name: api\n"),
    file: paths.service,
    field: "",
    says: "must be a YAML mapping with `kind: project | service | job | site`",
  },
  {
    case: "a service file in a services folder under the sites folder",
    files: () => withFile("pipelines/sites/services/api.yaml", toYaml(baselineDocs().service), withoutFile(paths.service)),
    file: "pipelines/sites/services/api.yaml",
    field: "kind",
    says: "service files belong in pipelines/services/",
  },
  {
    case: "a job with the name of a service",
    files: () => withFile("pipelines/jobs/api.yaml", toYaml({ ...baselineDocs().job, name: "api", schedules: [] })),
    file: "pipelines/jobs/api.yaml",
    field: "name",
    says: 'service "api" in pipelines/services/api.yaml has the same name; services and jobs share one namespace, rename one of them',
  },
  // --- unknown fields --------------------------------------------------------------------------
  {
    case: "an unknown top-level field, listing the allowed ones",
    files: () => catalogFiles((d) => void (d.service.replicas = 3)),
    file: paths.service,
    field: "replicas",
    says: 'unknown field "replicas"; allowed here: kind, name, cloudRunName, description, build, python, image, test, lint, scan, run, hooks, schedules, monitoring, environments',
  },
  {
    case: "an unknown run field, listing the allowed run fields",
    files: () => catalogFiles((d) => void (d.service.run.memroy = "1Gi")),
    file: paths.service,
    field: "run.memroy",
    says: "allowed here: region, serviceAccount, env, secrets, cpu, memory,",
  },
  // --- names and paths -------------------------------------------------------------------------
  ...["API", `a${"b".repeat(49)}`, "api-"].map(
    (name): InvalidCase => ({
      case: `the service name ${JSON.stringify(name)}`,
      files: () => withFile(`pipelines/services/${name}.yaml`, toYaml({ ...baselineDocs().service, name }), withoutFile(paths.service)),
      file: `pipelines/services/${name}.yaml`,
      field: "name",
      says: "must be 1-49 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen",
    }),
  ),
  ...["../services/api", "/srv/api"].map(
    (context): InvalidCase => ({
      case: `build.context ${JSON.stringify(context)}`,
      files: () => catalogFiles((d) => void (d.service.build.context = context)),
      file: paths.service,
      field: "build.context",
      says: 'must be a path relative to the repository root, without ".." or a leading "/"',
    }),
  ),
  {
    case: "a service without build",
    files: () => catalogFiles((d) => void delete d.service.build),
    file: paths.service,
    field: "build",
    says: "is required: give a mapping with context, dockerfile, target, args",
  },
  // --- environments and project -----------------------------------------------------------------
  {
    case: "an environment override naming an undeclared environment",
    files: () => catalogFiles((d) => void (d.service.environments = { staging: { run: { minInstances: 1 } } })),
    file: paths.service,
    field: "environments.staging",
    says: '"staging" is not an environment of the project; declared: dev, prod',
  },
  {
    case: "a defaultEnvironment that is not declared",
    files: () => catalogFiles((d) => void (d.project.defaultEnvironment = "qa")),
    file: paths.project,
    field: "defaultEnvironment",
    says: '"qa" is not a declared environment; declared: dev, prod',
  },
  {
    case: "a project id with uppercase letters",
    files: () => catalogFiles((d) => void (d.project.project = "Acme-Dev")),
    file: paths.project,
    field: "project",
    says: "must be a Google Cloud project id: 6-30 lowercase letters, digits or hyphens",
  },
  {
    case: 'the region "europe"',
    files: () => catalogFiles((d) => void (d.project.region = "europe")),
    file: paths.project,
    field: "region",
    says: 'must be a Cloud Run region such as "europe-west1" or "us-central1" (got "europe")',
  },
  {
    case: "a project without artifactRegistry",
    files: () => catalogFiles((d) => void delete d.project.artifactRegistry),
    file: paths.project,
    field: "artifactRegistry",
    says: "is required: give a mapping with repository, location",
  },
  {
    case: "an environment whose project id is invalid",
    files: () => catalogFiles((d) => void (d.project.environments.prod.project = "prod")),
    file: paths.project,
    field: "environments.prod.project",
    says: "must be a Google Cloud project id",
  },
];

describe("parseCatalog rejects", () => {
  it.each(cases)("$case", ({ files, file, field, says }) => {
    expectProblem(catalogErrorOf(files()).problems, file, field, says);
  });
});
