/**
 * Build secrets: one Secret (--build-secrets=env://VAR, file://PATH or cmd://...) holding
 * `ID=value` lines, split into the named secrets a Dockerfile mounts with
 * `RUN --mount=type=secret,id=ID`. Dagger mounts a build secret under its name, and only
 * setSecret gives a secret a name (secrets from a URI have none), so each value is re-wrapped.
 * Values never appear in errors: only ids do.
 */
import { dag, type Secret } from "@dagger.io/dagger";

export class BuildSecretsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BuildSecretsError";
  }
}

/**
 * `ID=value` lines (blank lines and # comments skipped, `export ` allowed, values may be quoted).
 * When exactly one id is wanted and the text has no line for it, the whole text is its value
 * (--build-secrets=env://PIP_INDEX_URL for a single secret).
 */
export function parseBuildSecrets(text: string, wanted: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const m = /^\s*(?:export\s+)?([A-Za-z0-9_.-]+)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    values.set(m[1]!, value);
  }
  if (wanted.length === 1 && !values.has(wanted[0]!)) return new Map([[wanted[0]!, text.replace(/\r?\n$/, "")]]);
  return values;
}

/** The named Secrets for `ids`, from the --build-secrets Secret; missing ids are one error. */
export async function namedBuildSecrets(target: string, catalogFile: string, ids: readonly string[], buildSecrets: Secret | undefined): Promise<Secret[]> {
  if (ids.length === 0) return [];
  const how = `pass --build-secrets=file://PATH (or env://VAR, cmd://...) holding ${ids.map((id) => `${id}=VALUE`).join(" / ")} lines`;
  if (!buildSecrets) throw new BuildSecretsError(`the build of ${target} mounts build secrets ${ids.join(", ")} (build.secrets in ${catalogFile}); ${how}`);
  const values = parseBuildSecrets(await buildSecrets.plaintext(), ids);
  const missing = ids.filter((id) => !values.has(id));
  if (missing.length) {
    const given = [...values.keys()];
    throw new BuildSecretsError(`--build-secrets has no value for ${missing.join(", ")} (needed by ${target}, build.secrets in ${catalogFile}; ids given: ${given.join(", ") || "none"}); ${how}`);
  }
  // The name IS the mount id (/run/secrets/ID); every target reads the same --build-secrets, so one id has one value.
  return ids.map((id) => dag.setSecret(id, values.get(id)!));
}
