/**
 * Catalog problems, collected rather than thrown one at a time, so a user fixes them all in one go.
 */
export interface CatalogProblem {
  /** File the problem is in, relative to the repository root. */
  file: string;
  /** Dotted field path inside the file ("" for the whole file). */
  field: string;
  message: string;
}

export class CatalogError extends Error {
  constructor(readonly problems: CatalogProblem[]) {
    super(formatProblems(problems));
    this.name = "CatalogError";
  }
}

export function formatProblems(problems: CatalogProblem[]): string {
  const lines = problems.map((p) => `  - ${p.file}${p.field ? `: ${p.field}` : ""}: ${p.message}`);
  const noun = problems.length === 1 ? "problem" : "problems";
  return `The catalog has ${problems.length} ${noun}:\n${lines.join("\n")}\nFix the files above (the schema.json beside the catalog gives editor completion) and run again.`;
}

/** "run.secrets.OPENAI_API_KEY.version", with list indexes as [0]. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** An unknown name: say which names exist. */
export class UnknownTargetError extends Error {
  constructor(kind: string, name: string, valid: string[], hintWhenNone = `add ${kind}s/${name}.yaml to the catalog folder`) {
    const list = valid.length ? valid.join(", ") : `none (${hintWhenNone})`;
    const plural = kind.split(" or ").map((k) => `${k}s`).join(" and ");
    super(`Unknown ${kind} "${name}". Valid ${plural}: ${list}.`);
    this.name = "UnknownTargetError";
  }
}
