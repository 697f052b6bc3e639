/**
 * Every `dagger call` / `dagger check` command the documentation shows (README.md, docs/**.md, and
 * the `Example: dagger ...` lines of the module's doc comments) names a real function and only real
 * flags, checked against what the SDK's own introspector registers for the module (the functions
 * and flags `dagger call --help` lists), the core functions chained after them (core-api.ts,
 * compared with the SDK's generated core API) and the names `dagger check -l` prints.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CORE_FUNCTIONS } from "./core-api.js";
import { checkCommand } from "./dagger-cli.js";
import { type DocCommand, exampleCommands, markdownCommands } from "./doc-commands.js";
import { kebab, type ModuleCli, scannedCli } from "./module-cli.js";

const ROOT = resolve(import.meta.dirname, "../..");

const filesUnder = (dir: string, ext: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p, ext) : p.endsWith(ext) ? [p] : [];
  });

/** The documents: README.md and every Markdown file under docs/, and the module's sources for their Example lines. */
function documentedCommands(): DocCommand[] {
  const markdown = [join(ROOT, "README.md"), ...filesUnder(join(ROOT, "docs"), ".md")];
  const sources = filesUnder(join(ROOT, "ci/src"), ".ts");
  return [
    ...markdown.flatMap((f) => markdownCommands(relative(ROOT, f), readFileSync(f, "utf8"))),
    ...sources.flatMap((f) => exampleCommands(relative(ROOT, f), readFileSync(f, "utf8"))),
  ];
}

/** Every problem of the given commands as `file:line: command: what is wrong`. */
function problemsOf(cli: ModuleCli, commands: DocCommand[]): string[] {
  return commands.flatMap((c) => checkCommand(cli, c.words, { requireFlags: c.where !== "inline code" }).problems.map((p) => `${c.file}:${c.line}: \`${c.text}\`: ${p}`));
}

const check = (cli: ModuleCli, markdown: string): string[] => problemsOf(cli, markdownCommands("doc.md", markdown));

let cli: ModuleCli;

beforeAll(async () => {
  cli = await scannedCli();
}, 60_000);

describe("the documented dagger commands", () => {
  it("every dagger call / dagger check command in README.md, docs/ and the Example lines names a real function and real flags", () => {
    expect(problemsOf(cli, documentedCommands())).toEqual([]);
  });

  it("finds the commands of every document, in code blocks, inline code and doc comments", () => {
    const commands = documentedCommands();
    const checked = commands.filter((c) => checkCommand(cli, c.words).status === "checked");
    const files = new Set(checked.map((c) => c.file));
    for (const file of ["README.md", "docs/credentials.md", "docs/using-in-your-repository.md", "ci/src/index.ts"]) expect({ file, found: files.has(file) }).toEqual({ file, found: true });
    expect(new Set(checked.map((c) => c.where))).toEqual(new Set(["code block", "inline code", "doc comment"]));
    expect(checked.length).toBeGreaterThan(100);
  });

  it("every runbook shows commands it checks", () => {
    const runbooks = filesUnder(join(ROOT, "docs/runbooks"), ".md").map((f) => relative(ROOT, f));
    expect(runbooks.length).toBeGreaterThanOrEqual(5);
    const checked = new Set(documentedCommands().filter((c) => checkCommand(cli, c.words).status === "checked").map((c) => c.file));
    for (const file of runbooks) expect({ file, checked: checked.has(file) }).toEqual({ file, checked: true });
  });
});

describe("the check itself", () => {
  it("reads the module's functions, flags and enum members from the introspector, in kebab-case", () => {
    const deployAll = cli.objects.CloudRunPipeline?.["deploy-all"];
    expect(Object.keys(deployAll?.flags ?? {})).toContain("drop-unmanaged");
    expect(deployAll?.flags.strategy?.members).toEqual(["BLUE_GREEN", "DIRECT"]);
    expect(Object.keys(cli.constructorFlags)).toEqual(["source", "git-sha", "catalog", "build-secrets"]);
    expect(cli.checkNames).toContain("cloud-run-pipeline:checks:lint");
    expect(kebab("verifyReport")).toBe("verify-report");
  });

  it("reports an unknown function with the file and line", () => {
    expect(check(cli, "Intro\n\n```sh\ndagger call deploi --service=alie --credentials=env://C\n```\n")).toEqual([
      expect.stringMatching(/^doc\.md:4: `dagger call deploi --service=alie --credentials=env:\/\/C`: CloudRunPipeline has no function deploi \(functions: .*deploy, /),
    ]);
  });

  it("reports an unknown flag, naming the flags the function has", () => {
    expect(check(cli, "Run `dagger call rollback --service=alie --revision=x --credentials=env://C`.")).toEqual([expect.stringMatching(/^doc\.md:1: .*: rollback has no flag --revision \(its flags: --service, --credentials, .*--to-revision.*\)$/)]);
  });

  it("reports an enum value that is not a registered member, and accepts members in any case", () => {
    expect(check(cli, "`dagger call deploy --service=a --strategy=blue-green --credentials=env://C`")).toEqual([expect.stringMatching(/--strategy=blue-green: not a member of DeployStrategy \(the CLI takes BLUE_GREEN, DIRECT, in any case\)$/)]);
    expect(check(cli, "`dagger call list --format=markdown`")).toEqual([expect.stringMatching(/--format=markdown: not a member of Format \(the CLI takes TEXT, JSON/)]);
    expect(check(cli, "`dagger call deploy --service=a --strategy=blue_green --format=MARKDOWN --credentials=env://C` `dagger call list --format=json`")).toEqual([]);
  });

  it("follows line continuations, leading constructor flags, -m and chained core functions", () => {
    const doc = [
      "```sh",
      "dagger -m github.com/OWNER/cloud-run-pipeline@vX call --source=. --catalog=deploy/catalog \\",
      "  --build-secrets=env://BUILD_SECRETS build --service=api as-service --use-entrypoint up --ports=8080:8080",
      "dagger call --git-sha=$GITHUB_SHA verify-report export --path=reports --wipe",
      "dagger call --source=. --catalog=x init file --path=x/schema.json export --path=pipelines/schema.json",
      "dagger call cloud-run-pipeline --git-sha=${{ github.sha }} checks lint",
      "dagger check cloud-run-pipeline:checks:lint   # or: dagger check cloud-run-pipeline:checks",
      "```",
    ].join("\n");
    expect(check(cli, doc)).toEqual([]);
    expect(markdownCommands("doc.md", doc).map((c) => c.line)).toEqual([2, 4, 5, 6, 7, 7]);
  });

  it("reports core functions and flags that do not exist, and chaining after a String", () => {
    expect(check(cli, "`dagger call docs --site=docs export --path=out --force`")).toEqual([expect.stringMatching(/Directory\.export \(core\) has no flag --force \(its flags: --path, --wipe\)$/)]);
    expect(check(cli, "`dagger call verify export --path=out`")).toEqual([expect.stringMatching(/verify returns String: nothing can be chained after it \(got export\)$/)]);
    expect(check(cli, "`dagger call checks lnt`")).toEqual([expect.stringMatching(/Checks has no function lnt/)]);
  });

  it("reports a constructor flag after the function, and wrong check names", () => {
    expect(check(cli, "`dagger call verify --git-sha=abc`")).toEqual([expect.stringMatching(/verify has no flag --git-sha .*--git-sha is a constructor flag: put it after `call`, before verify$/)]);
    expect(check(cli, "`dagger check cloud-run-pipeline:check-lint` and `cloud-run-pipeline:checks:lnt`")).toEqual([
      expect.stringMatching(/dagger check cloud-run-pipeline:check-lint matches no check/),
      expect.stringMatching(/dagger check cloud-run-pipeline:checks:lnt matches no check/),
    ]);
  });

  it("requires the required flags in code blocks, where commands are run as written", () => {
    expect(check(cli, "```sh\ndagger call deploy --service=alie\n```")).toEqual([expect.stringMatching(/^doc\.md:2: .*deploy needs --credentials \(a required flag\)$/)]);
    expect(check(cli, "```sh\ndagger call docs --site=d export\n```")).toEqual([expect.stringMatching(/Directory\.export \(core\) needs --path/)]);
    expect(check(cli, "```sh\ndagger call deploy --service=alie --credentials=key.json\n```")).toEqual([expect.stringMatching(/--credentials=key\.json: a Secret flag takes a provider URI/)]);
  });

  it("reads a dagger-for-github step's args with its verb and module", () => {
    const step = ["```yaml", "- uses: dagger/dagger-for-github@abc # v8", "  with:", "    verb: call", "    module: github.com/OWNER/cloud-run-pipeline@vX", "    args: --source=. deploy --service=alie --stratgy=direct --credentials=env://C", "```"].join("\n");
    expect(check(cli, step)).toEqual([expect.stringMatching(/^doc\.md:6: `dagger -m github\.com\/OWNER\/cloud-run-pipeline@vX call --source=\. deploy .*deploy has no flag --stratgy/)]);
  });

  it("skips placeholders and other modules", () => {
    for (const words of [["dagger", "call", "..."], ["dagger", "call"], ["dagger", "-m", "github.com/acme/other", "call", "anything"], ["dagger", "call", "<function>"], ["dagger", "init"]]) {
      expect({ words, status: checkCommand(cli, words).status }).toEqual({ words, status: "skipped" });
    }
  });
});

describe("the core function list", () => {
  const clientGen = readFileSync(join(ROOT, "node_modules/@dagger.io/dagger/dist/src/api/client.gen.d.ts"), "utf8");

  /** One method of a generated class: its positional parameters, its Opts keys and its return type. */
  function generated(type: string, method: string): { required: string[]; optional: Record<string, "boolean" | "value">; returns: string } | undefined {
    const body = clientGen.slice(clientGen.indexOf(`export declare class ${type} extends BaseClient {`));
    const classBody = body.slice(0, body.indexOf("\n}\n"));
    const camel = method.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const sig = new RegExp(`^    ${camel}: \\((.*)\\) => (.+);$`, "m").exec(classBody);
    if (!sig) return undefined;
    const params = sig[1] ? sig[1].split(", ").map((p) => /^(\w+)(\??): (\w+)/.exec(p)!) : [];
    const opts = params.find((p) => p[2] === "?")?.[3];
    const optsBody = opts ? clientGen.slice(clientGen.indexOf(`export type ${opts} = {`)).split("\n};")[0]! : "";
    const returns = sig[2]!.replace(/^Promise<(.+)>$/, "$1");
    return {
      required: params.filter((p) => p[2] !== "?").map((p) => kebab(p[1]!)),
      optional: Object.fromEntries([...optsBody.matchAll(/^    (\w+)\?: (.+);$/gm)].map((m) => [kebab(m[1]!), m[2] === "boolean" ? "boolean" : "value"])),
      returns: { string: "String", number: "Int", void: "Void", "string[]": "[String]" }[returns] ?? returns,
    };
  }

  it("matches the SDK's generated core API (0.21.9): every function, its flags and what it returns", () => {
    for (const [type, functions] of Object.entries(CORE_FUNCTIONS)) {
      for (const [name, fn] of Object.entries(functions)) {
        expect({ function: `${type}.${name}`, ...generated(type, name) }).toEqual({ function: `${type}.${name}`, ...fn });
      }
    }
  });
});
