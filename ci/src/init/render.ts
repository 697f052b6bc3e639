/**
 * The catalog files init writes, as YAML text with comments: every guess says why, every value the
 * user must supply is a valid placeholder marked `# REPLACE:` (so the catalog parses as written).
 */
import type { Guess } from "./guess.js";
import { folderOf } from "./naming.js";
import type { BuildablePlan, SitePlan } from "./plan.js";

/** A value the user must replace (or confirm), listed again in INIT.md. */
export interface Placeholder {
  /** File, relative to the catalog folder. */
  file: string;
  field: string;
  value: string;
  what: string;
}

export interface RenderedFile {
  /** Relative to the catalog folder. */
  file: string;
  text: string;
  placeholders: Placeholder[];
}

export const PLACEHOLDER_PROJECT = "replace-me-project";
export const PLACEHOLDER_REGION = "us-central1";
export const PLACEHOLDER_REPOSITORY = "replace-me-repository";

const SCHEMA_LINE = (depth: number) => `# yaml-language-server: $schema=${depth === 0 ? "./" : "../"}schema.json`;

const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/** A YAML scalar: plain when it reads back as the same string, else double-quoted (JSON). */
export function scalar(value: string): string {
  if (value === "." || (/^[A-Za-z/][A-Za-z0-9._/-]*$/.test(value) && !RESERVED.test(value))) return value;
  return JSON.stringify(value);
}

/** One comment line (newlines in Dockerfile text would end it). */
const comment = (indent: string, text: string): string => `${indent}# ${text.replace(/\s*\n\s*/g, " ")}`;

export function renderProject(): RenderedFile {
  const file = "project.yaml";
  const placeholders: Placeholder[] = [
    { file, field: "project", value: PLACEHOLDER_PROJECT, what: "your Google Cloud project id (used when no --env is given)" },
    { file, field: "region", value: PLACEHOLDER_REGION, what: "the Cloud Run region to deploy to" },
    { file, field: "artifactRegistry.repository", value: PLACEHOLDER_REPOSITORY, what: "your Artifact Registry Docker repository (in that region)" },
    { file, field: "environments.dev.project", value: PLACEHOLDER_PROJECT, what: "the Google Cloud project of the dev environment" },
  ];
  const text = [
    SCHEMA_LINE(0),
    "# Written by `dagger call init`: replace every value marked REPLACE, then run `dagger call verify`.",
    "kind: project",
    comment("", `REPLACE: ${placeholders[0]!.what}`),
    `project: ${PLACEHOLDER_PROJECT}`,
    comment("", `REPLACE: ${placeholders[1]!.what}`),
    `region: ${PLACEHOLDER_REGION}`,
    "artifactRegistry:",
    comment("  ", `REPLACE: ${placeholders[2]!.what}`),
    `  repository: ${PLACEHOLDER_REPOSITORY}`,
    "# One entry per environment; --env=NAME picks one, defaultEnvironment is used without it.",
    "environments:",
    "  dev:",
    comment("    ", `REPLACE: ${placeholders[3]!.what}`),
    `    project: ${PLACEHOLDER_PROJECT}`,
    "  # prod:",
    "  #   project: my-project-prod",
    "  #   protected: true   # deploys need an explicit --env=prod",
    "defaultEnvironment: dev",
    "",
  ].join("\n");
  return { file, text, placeholders };
}

export function renderBuildable(target: BuildablePlan): RenderedFile {
  const folder = target.kind === "service" ? "services" : "jobs";
  const file = `${folder}/${target.name}.yaml`;
  const placeholders: Placeholder[] = [];
  const lines = [
    SCHEMA_LINE(1),
    `# Written by \`dagger call init\` from ${target.dockerfilePath}: check every guess, replace every REPLACE.`,
    comment("", `guessed: ${target.kind} (${target.kindReason})`),
    `kind: ${target.kind}`,
    `name: ${target.name}`,
    "build:",
  ];
  const { build } = target;
  if (build.reason) lines.push(comment("  ", `context ".": ${build.reason}`));
  if (build.warning) {
    lines.push(comment("  ", `REPLACE: check this: ${build.warning}`));
    placeholders.push({ file, field: "build.context", value: build.context, what: build.warning });
  }
  lines.push(`  context: ${scalar(build.context)}`, `  dockerfile: ${scalar(build.dockerfile)}`);
  if (target.commitArg) lines.push(comment("  ", `guessed: ${target.commitArg.reason}`), `  commitArg: ${target.commitArg.value}`);
  if (build.reason) {
    lines.push(comment("", `lint and tests look for the Python project in ${folderOf(target.dockerfilePath)} (the Dockerfile's folder), else the build context; python.project sets another folder`));
  }
  if (target.kind === "service") {
    const publicWhat = "true for a public service (allUsers invoker)";
    placeholders.push({ file, field: "run.public", value: "false", what: publicWhat });
    lines.push("run:", comment("  ", `REPLACE: ${publicWhat}`), "  public: false");
    const guessed = (field: string, guess: Guess<string | number>) => {
      if (!guess.fallback) return comment("  ", `guessed: ${guess.reason}`);
      placeholders.push({ file, field: `run.${field}`, value: String(guess.value), what: guess.reason });
      return comment("  ", `REPLACE: ${guess.reason}`);
    };
    lines.push(guessed("port", target.port!), `  port: ${target.port!.value}`);
    lines.push(guessed("healthPath", target.healthPath!), `  healthPath: ${scalar(target.healthPath!.value)}`);
  } else {
    lines.push("# A job runs to completion: set run.tasks, run.taskTimeout (default 600s) and schedules: (cron) here when needed.");
  }
  lines.push("");
  return { file, text: lines.join("\n"), placeholders };
}

/** A bucket name that validates and says it is a placeholder (at most 63 characters). */
export function placeholderBucket(site: string): string {
  const room = 63 - "replace-me--bucket".length;
  return `replace-me-${site.slice(0, room).replace(/-+$/, "")}-bucket`;
}

export function renderSite(site: SitePlan): RenderedFile {
  const file = `sites/${site.name}.yaml`;
  const bucket = placeholderBucket(site.name);
  const what = "the Cloud Storage bucket publish-site syncs the built site to";
  const configPath = site.folder === "." ? site.config : `${site.folder}/${site.config}`;
  const lines = [
    SCHEMA_LINE(1),
    `# Written by \`dagger call init\` from ${configPath}: replace every REPLACE.`,
    "kind: site",
    `name: ${site.name}`,
    comment("", `the folder holding ${site.config}${site.folder === "." ? ' ("." is the repository root)' : ""}`),
    `mkdocs: ${scalar(site.folder)}`,
  ];
  if (site.config !== "mkdocs.yml") lines.push(`config: ${scalar(site.config)}`);
  lines.push(comment("", `REPLACE: ${what}`), `bucket: ${bucket}`, "");
  return { file, text: lines.join("\n"), placeholders: [{ file, field: "bucket", value: bucket, what }] };
}
