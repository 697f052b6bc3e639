/**
 * The parts of a pyproject.toml the pipeline needs: requires-python (PEP 621 or poetry's python
 * constraint), dependencies, extras and dependency groups for a plain pip install, and whether it
 * can be built as a package. Pure.
 */
import { parse } from "smol-toml";

export interface PyprojectFacts {
  requiresPython?: string;
  dependencies: string[];
  optionalDependencies: Record<string, string[]>;
  /** PEP 735 [dependency-groups] (only plain requirement strings; include-group tables are followed). */
  dependencyGroups: Record<string, string[]>;
  /** [build-system] declared, or [tool.poetry] (poetry-core): `pip install .` can build it. */
  buildable: boolean;
  /** [tool.poetry] present. */
  poetry: boolean;
}

export class PyprojectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PyprojectError";
  }
}

type Table = Record<string, unknown>;
const table = (v: unknown): Table => (v && typeof v === "object" && !Array.isArray(v) ? (v as Table) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function groups(raw: Table): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const resolve = (name: string, seen: Set<string>): string[] => {
    if (seen.has(name)) return [];
    seen.add(name);
    const entries = Array.isArray(raw[name]) ? (raw[name] as unknown[]) : [];
    return entries.flatMap((e) => (typeof e === "string" ? [e] : typeof table(e)["include-group"] === "string" ? resolve(table(e)["include-group"] as string, seen) : []));
  };
  for (const name of Object.keys(raw)) out[name] = resolve(name, new Set());
  return out;
}

export function readPyproject(text: string, where: string): PyprojectFacts {
  let doc: Table;
  try {
    doc = parse(text) as Table;
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    throw new PyprojectError(`${where} is not valid TOML: ${first}`);
  }
  const project = table(doc["project"]);
  const poetry = table(table(doc["tool"])["poetry"]);
  const poetryPython = table(poetry["dependencies"])["python"];
  const requiresPython = typeof project["requires-python"] === "string" ? (project["requires-python"] as string) : typeof poetryPython === "string" ? poetryPython : undefined;
  const optional = table(project["optional-dependencies"]);
  return {
    requiresPython,
    dependencies: strings(project["dependencies"]),
    optionalDependencies: Object.fromEntries(Object.keys(optional).map((k) => [k, strings(optional[k])])),
    dependencyGroups: groups(table(doc["dependency-groups"])),
    // poetry's package-mode = false: the project is not a package and is never installed itself.
    buildable: poetry["package-mode"] !== false && (doc["build-system"] !== undefined || Object.keys(poetry).length > 0),
    poetry: Object.keys(poetry).length > 0,
  };
}

/** Extras and groups that hold what lint and tests need, when the catalog names none. */
export const DEV_SETS = ["dev", "test", "tests", "testing", "lint"];
