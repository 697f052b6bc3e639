/**
 * Which supported Python a project runs on: the catalog's python.version, else .python-version,
 * else requires-python (or poetry's `python = "^3.11"`: the Dockerfile's version when it allows
 * it, else the newest it allows), else the Dockerfile's FROM python:X.Y, else DEFAULT_PYTHON.
 * Pure: the caller reads the files.
 */
import { PYTHON_VERSIONS, type PythonVersion } from "../catalog/schema.js";

export const DEFAULT_PYTHON: PythonVersion = "3.12";

export interface VersionInputs {
  catalog?: PythonVersion;
  /** Text of the project folder's .python-version. */
  pythonVersionFile?: string;
  /** The requires-python specifier (PEP 440) or poetry's python constraint. */
  requiresPython?: string;
  /** Text of the target's Dockerfile. */
  dockerfile?: string;
}

export interface ResolvedVersion {
  version: PythonVersion;
  /** Where it came from, for reports: "python.version in the catalog", ".python-version (3.11)"... */
  source: string;
}

export class PythonVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PythonVersionError";
  }
}

const SUPPORTED = PYTHON_VERSIONS.join(", ");

function supported(minor: string): PythonVersion | undefined {
  return (PYTHON_VERSIONS as readonly string[]).includes(minor) ? (minor as PythonVersion) : undefined;
}

/** "3.11", "3.11.4", "cpython-3.11.4-linux" or "python3.11" -> "3.11"; comments and blank lines skipped. */
export function versionFromFile(text: string): string | undefined {
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    return /(?:^|[^0-9])(3\.\d{1,2})(?:\.|$|[^0-9])/.exec(line)?.[1];
  }
  return undefined;
}

type Clause = { op: string; version: number[] };

const cmp = (a: number[], b: number[]): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

/** PEP 440 clauses (">=3.10,<3.13", "~=3.11", "==3.12.*") and poetry's "^3.11" / "~3.11" / "3.11.*". */
export function parseSpecifier(spec: string): Clause[] | undefined {
  const clauses: Clause[] = [];
  // poetry allows "||" alternatives; the first one is taken. PEP 440 allows ">= 3.10".
  const first = spec.split("||")[0]!.replace(/(===|==|!=|~=|>=|<=|>|<|\^|~)\s+/g, "$1");
  // poetry's "*": any version.
  if (first.trim() === "*") return [{ op: ">=", version: [0] }];
  for (const part of first.split(/[,\s]+(?=[<>=!~^0-9])|,/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^(===|==|!=|~=|>=|<=|>|<|\^|~)?\s*(\d+(?:\.\d+)*)(\.\*)?$/.exec(part);
    if (!m) return undefined;
    const op = m[1] ?? "==";
    const version = m[2]!.split(".").map(Number);
    const wildcard = Boolean(m[3]) || (!m[1] && version.length < 3);
    if (op === "^") {
      clauses.push({ op: ">=", version }, { op: "<", version: [version[0]! + 1] });
    } else if (op === "~" || (op === "~=" && version.length >= 2)) {
      const upper = op === "~" && version.length >= 2 ? [version[0]!, version[1]! + 1] : op === "~" ? [version[0]! + 1] : [...version.slice(0, -2), version[version.length - 2]! + 1];
      clauses.push({ op: ">=", version }, { op: "<", version: upper });
    } else if ((op === "==" || op === "!=") && wildcard) {
      const upper = [...version.slice(0, -1), version[version.length - 1]! + 1];
      if (op === "==") clauses.push({ op: ">=", version }, { op: "<", version: upper });
      else clauses.push({ op: "!=*", version });
    } else {
      clauses.push({ op, version });
    }
  }
  return clauses.length ? clauses : undefined;
}

function satisfies(v: number[], clauses: Clause[]): boolean {
  return clauses.every(({ op, version }) => {
    const c = cmp(v, version);
    switch (op) {
      case ">=": return c >= 0;
      case ">": return c > 0;
      case "<=": return c <= 0;
      case "<": return c < 0;
      case "==": case "===": return c === 0;
      case "!=": return c !== 0;
      case "!=*": return !version.every((part, i) => v[i] === part);
      default: return false;
    }
  });
}

/** The supported minor versions some release of which satisfies the specifier, oldest first (undefined: unreadable). */
export function allowedVersions(spec: string): PythonVersion[] | undefined {
  const clauses = parseSpecifier(spec);
  if (!clauses) return undefined;
  return PYTHON_VERSIONS.filter((minor) => {
    const [major, m] = minor.split(".").map(Number) as [number, number];
    for (let patch = 0; patch <= 30; patch++) if (satisfies([major, m, patch], clauses)) return true;
    return false;
  });
}

/** The newest supported minor version the specifier allows. */
export function newestSatisfying(spec: string): PythonVersion | undefined {
  return allowedVersions(spec)?.at(-1);
}

/** The python:X.Y of the Dockerfile's last stage that names one (the stage that runs). */
export function versionFromDockerfile(text: string): string | undefined {
  let found: string | undefined;
  for (const line of text.split("\n")) {
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(?:\S*\/)?python:(3\.\d{1,2})(?:[^0-9]|$)/i.exec(line);
    if (m) found = m[1];
  }
  return found;
}

export function resolvePythonVersion(inputs: VersionInputs): ResolvedVersion {
  if (inputs.catalog) return { version: inputs.catalog, source: "python.version in the catalog" };
  if (inputs.pythonVersionFile !== undefined) {
    const minor = versionFromFile(inputs.pythonVersionFile);
    const version = minor && supported(minor);
    if (!version) {
      throw new PythonVersionError(`.python-version asks for ${JSON.stringify(inputs.pythonVersionFile.trim())}; supported versions are ${SUPPORTED}: change the file or set python.version in the catalog`);
    }
    return { version, source: `.python-version (${minor})` };
  }
  const fromDockerfile = inputs.dockerfile ? versionFromDockerfile(inputs.dockerfile) : undefined;
  if (inputs.requiresPython) {
    const allowed = allowedVersions(inputs.requiresPython) ?? [];
    if (!allowed.length) {
      throw new PythonVersionError(`requires-python "${inputs.requiresPython}" allows none of the supported versions (${SUPPORTED}), or could not be read; set python.version in the catalog`);
    }
    // Among the versions the project allows, the one its image runs; else the newest.
    const inImage = allowed.find((v) => v === fromDockerfile);
    if (inImage) return { version: inImage, source: `requires-python "${inputs.requiresPython}" and Dockerfile FROM python:${inImage}` };
    return { version: allowed.at(-1)!, source: `requires-python "${inputs.requiresPython}" (newest supported)` };
  }
  if (fromDockerfile) {
    const version = supported(fromDockerfile);
    if (!version) {
      throw new PythonVersionError(`the Dockerfile uses python:${fromDockerfile}, which is not supported for lint and tests (${SUPPORTED}); set python.version in the catalog`);
    }
    return { version, source: `Dockerfile FROM python:${fromDockerfile}` };
  }
  return { version: DEFAULT_PYTHON, source: `default (${DEFAULT_PYTHON})` };
}
