/**
 * INIT.md, written beside the catalog (a Directory carries no message): what init looked for, what
 * it found and guessed, every placeholder to replace, and the commands to run next.
 */
import { DEFAULT_CATALOG_DIR } from "../catalog/read.js";
import type { InitPlan } from "./plan.js";
import type { Placeholder } from "./render.js";

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

export function renderInitReport(plan: InitPlan, catalogDir: string, placeholders: Placeholder[]): string {
  const at = (file: string) => (catalogDir === "." ? file : `${catalogDir}/${file}`);
  const flag = catalogDir === DEFAULT_CATALOG_DIR ? "" : ` --catalog=${catalogDir}`;
  const lines = [
    "# Starting catalog, written by `dagger call init`",
    "",
    "init looked for Dockerfiles (`**/Dockerfile`, `**/Dockerfile.*`, `**/*.Dockerfile`) and MkDocs configs",
    "(`**/mkdocs.yml`, `**/mkdocs.yaml`) outside node_modules, .venv, .git and site-packages. Every guess",
    "is also written as a comment beside the value in its file.",
    "",
    "## Found",
    "",
  ];
  if (plan.buildables.length === 0 && plan.sites.length === 0) {
    lines.push(
      "Nothing: no Dockerfile and no mkdocs.yml. Only project.yaml was written; add services/NAME.yaml,",
      "jobs/NAME.yaml or sites/NAME.yaml to this folder by hand (schema.json gives editor completion).",
    );
  }
  for (const t of plan.buildables) {
    const folder = t.kind === "service" ? "services" : "jobs";
    const guesses = [`${t.kind} (${t.kindReason})`, `context ${code(t.build.context)}, dockerfile ${code(t.build.dockerfile)}${t.build.reason ? ` (${t.build.reason})` : ""}`];
    if (t.build.warning) guesses.push(`check the context: ${t.build.warning}`);
    if (t.commitArg) guesses.push(`commitArg ${t.commitArg.value} (${t.commitArg.reason})`);
    if (t.port) guesses.push(`port ${t.port.value} (${t.port.reason})`);
    if (t.healthPath) guesses.push(`healthPath ${t.healthPath.value} (${t.healthPath.reason})`);
    lines.push(`- ${code(t.dockerfilePath)} -> ${t.kind} ${code(t.name)} in ${code(at(`${folder}/${t.name}.yaml`))}: ${guesses.join("; ")}.`);
  }
  for (const s of plan.sites) {
    const config = s.folder === "." ? s.config : `${s.folder}/${s.config}`;
    lines.push(`- ${code(config)} -> site ${code(s.name)} in ${code(at(`sites/${s.name}.yaml`))} (mkdocs: ${code(s.folder)}).`);
  }
  lines.push("", "## Replace before deploying (marked `# REPLACE:` in the files)", "");
  for (const p of placeholders) lines.push(`- ${code(at(p.file))} ${code(`${p.field}: ${p.value}`)}: ${p.what}`);
  lines.push(
    "",
    "## Next",
    "",
    `1. Replace every placeholder above (${code(`grep -rn "REPLACE:" ${catalogDir}/`)}) and check every guess.`,
    `2. ${code(`dagger call${flag} list`)} shows what the catalog holds; ${code(`dagger call${flag} verify`)} builds, lints, tests and scans every target and builds every site.`,
    "3. Commit the folder. This file is not read by the pipeline; delete it when done.",
    "",
  );
  return lines.join("\n");
}
