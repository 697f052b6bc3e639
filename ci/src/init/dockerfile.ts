/**
 * What init reads from a Dockerfile: the final stage's EXPOSE, HEALTHCHECK, CMD and ENTRYPOINT
 * (what the image runs as), the build-context paths every stage COPYs or ADDs, and the declared
 * build arguments. A small line parser, not BuildKit's: enough to guess, never to build.
 */

export interface Instruction {
  /** Upper-case keyword: FROM, COPY, EXPOSE ... */
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  rest: string;
}

export interface DockerfileFacts {
  /** EXPOSE arguments of the final stage, as written ("8080", "8080/tcp", "$PORT"). */
  exposed: string[];
  /** The final stage's HEALTHCHECK command (undefined when none, or HEALTHCHECK NONE). */
  healthcheck?: string;
  /** The final stage's last CMD and ENTRYPOINT, as one command line each. */
  cmd?: string;
  entrypoint?: string;
  /** Paths COPY / ADD take from the build context (every stage; --from copies left out). */
  copySources: string[];
  /** Build arguments declared with ARG (every stage). */
  args: string[];
}

/** Instructions in order: comments and blank lines dropped, "\" continuations joined, heredoc bodies skipped. */
export function instructions(text: string): Instruction[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const out: Instruction[] = [];
  let i = 0;
  while (i < lines.length) {
    let line = lines[i++]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    while (line.endsWith("\\") && i < lines.length) {
      const next = lines[i++]!.trim();
      // Comment lines inside a continuation are dropped, the continuation goes on.
      if (next.startsWith("#")) continue;
      line = `${line.slice(0, -1).trimEnd()} ${next}`.trimEnd();
    }
    const match = /^(\S+)\s*(.*)$/.exec(line)!;
    const rest = match[2]!;
    out.push({ keyword: match[1]!.toUpperCase(), rest });
    for (const heredoc of rest.matchAll(/<<-?["']?([A-Za-z_][A-Za-z0-9_]*)["']?/g)) {
      while (i < lines.length && lines[i]!.trim() !== heredoc[1]) i++;
      i++;
    }
  }
  return out;
}

/** A CMD / ENTRYPOINT / HEALTHCHECK CMD argument: JSON exec form or shell form, as one line. */
export function commandLine(rest: string): string {
  const trimmed = rest.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === "string")) return parsed.join(" ");
    } catch {
      // Not valid JSON: Docker runs it in a shell, as written.
    }
  }
  return trimmed;
}

/** Leading `--flag=value` options of COPY / ADD / HEALTHCHECK, and what follows them. */
function splitFlags(rest: string): { flags: string[]; body: string } {
  const flags: string[] = [];
  let body = rest.trim();
  for (let m = /^(--\S+)\s*/.exec(body); m; m = /^(--\S+)\s*/.exec(body)) {
    flags.push(m[1]!);
    body = body.slice(m[0].length);
  }
  return { flags, body };
}

/** Arguments of a COPY / ADD: JSON form or whitespace-separated. */
function words(body: string): string[] {
  if (body.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not valid JSON: read it as the shell form.
    }
  }
  return body.split(/\s+/).filter(Boolean);
}

/** The build-context paths a COPY / ADD reads (none for --from copies and heredocs). */
function copySources(rest: string): string[] {
  const { flags, body } = splitFlags(rest);
  if (flags.some((f) => f.startsWith("--from"))) return [];
  const args = words(body);
  if (args.some((w) => w.startsWith("<<"))) return [];
  return args.slice(0, -1);
}

export function dockerfileFacts(text: string): DockerfileFacts {
  const all = instructions(text);
  const lastFrom = all.map((ins) => ins.keyword).lastIndexOf("FROM");
  const final = all.slice(lastFrom + 1);
  const facts: DockerfileFacts = { exposed: [], copySources: [], args: [] };
  for (const ins of all) {
    if (ins.keyword === "COPY" || ins.keyword === "ADD") facts.copySources.push(...copySources(ins.rest));
    if (ins.keyword === "ARG") {
      const name = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(ins.rest.trim())?.[1];
      if (name && !facts.args.includes(name)) facts.args.push(name);
    }
  }
  for (const ins of final) {
    if (ins.keyword === "EXPOSE") facts.exposed.push(...ins.rest.split(/\s+/).filter(Boolean));
    else if (ins.keyword === "CMD") facts.cmd = commandLine(ins.rest);
    else if (ins.keyword === "ENTRYPOINT") facts.entrypoint = commandLine(ins.rest);
    else if (ins.keyword === "HEALTHCHECK") {
      const { body } = splitFlags(ins.rest);
      facts.healthcheck = /^NONE$/i.test(body) ? undefined : commandLine(body.replace(/^CMD\s+/i, ""));
    }
  }
  return facts;
}
