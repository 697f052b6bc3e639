// Turns a chain into the value it denotes: a file tree, a file, a container state (running the
// container's execs through the session's exec handler), a secret, a cache volume.
import { basename, resolve } from "node:path";
import { imageDigest, isObjectRef, type ArgValue, type ObjectRef, type Step } from "./chain.js";
import {
  cloneContainer, containerPath, directoryMount, execCall, newContainer,
  type ContainerState, type ExecCall, type ExecOutcome, type ExecResult,
} from "./container.js";
import {
  emptyTree, filePaths, filterTree, key, loadDisk, mergeAt, subtree, without, withFileAt,
  type FileSource, type Tree,
} from "./tree.js";

export type Value =
  | { kind: "root" }
  | { kind: "host" }
  | { kind: "directory"; tree: Tree }
  | { kind: "file"; name: string; source: FileSource }
  | { kind: "container"; state: ContainerState }
  /** `uri`: what `Secret.uri` returns, the URI `secret(uri:)` was given ("" for setSecret, as the engine). */
  | { kind: "secret"; name: string; plaintext?: string; uri: string }
  | { kind: "cacheVolume"; key: string }
  /** A value the fake does not model; `madeBy` names the field that produced it. */
  | { kind: "opaque"; type: string; madeBy: string };

/** A failed exec, reported to the SDK as an EXEC_ERROR GraphQL error. */
export class ExecFailure extends Error {
  constructor(readonly outcome: ExecOutcome, message: string) {
    super(message);
  }
}

/** Anything the fake cannot model: reported loudly so a test never passes by accident. */
export class UnsupportedByFake extends Error {}

function opaque(step: Step, prefix: Step[]): Value {
  const parent = prefix.length >= 2 ? prefix[prefix.length - 2]!.type : "Query";
  return { kind: "opaque", type: step.type, madeBy: `${parent}.${step.field}` };
}

/** `$VAR` / `${VAR}` replaced from the container env, as `expand: true` asks the engine to. */
function expandVars(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? "");
}

export const DEFAULT_PLATFORM = "linux/amd64";

type Args = Record<string, ArgValue>;

function str(args: Args, name: string, step: Step): string {
  const v = args[name];
  if (typeof v !== "string") throw new Error(`${step.field}: argument "${name}" must be a string`);
  return v;
}
function optStr(args: Args, name: string): string | undefined {
  const v = args[name];
  return typeof v === "string" ? v : undefined;
}
function strList(args: Args, name: string): string[] | undefined {
  const v = args[name];
  return Array.isArray(v) ? v.map(String) : undefined;
}
function ref(args: Args, name: string, step: Step): ObjectRef {
  const v = args[name];
  if (!isObjectRef(v)) throw new Error(`${step.field}: argument "${name}" must be an object ID`);
  return v;
}

/** Files images hold: image address (exactly as passed to `from`) -> absolute path -> contents. */
export type ImageFiles = Record<string, Record<string, string>>;

export class Evaluator {
  private readonly containers = new Map<string, ContainerState>();

  constructor(
    private readonly runExec: (call: ExecCall) => ExecResult | undefined,
    private readonly imageFiles: ImageFiles = {},
  ) {}

  /** Forget cached container results (execs run again on the next evaluation). */
  reset(): void {
    this.containers.clear();
  }

  evaluate(chain: Step[]): Value {
    let value: Value = { kind: "root" };
    for (let i = 0; i < chain.length; i++) {
      const step = chain[i]!;
      const prefix = chain.slice(0, i + 1);
      if (step.type === "Container") {
        const memoKey = JSON.stringify(prefix);
        const known = this.containers.get(memoKey);
        if (known) {
          value = { kind: "container", state: known };
          continue;
        }
        value = this.apply(value, step, prefix);
        if (value.kind === "container") this.containers.set(memoKey, value.state);
      } else {
        value = this.apply(value, step, prefix);
      }
    }
    return value;
  }

  tree(r: ObjectRef): Tree {
    const v = this.evaluate(r.chain);
    if (v.kind !== "directory") throw new Error(`expected a Directory, got ${r.$type}`);
    return v.tree;
  }

  file(r: ObjectRef): { name: string; source: FileSource } {
    const v = this.evaluate(r.chain);
    if (v.kind !== "file") throw new Error(`expected a File, got ${r.$type}`);
    return v;
  }

  secretName(r: ObjectRef): string {
    const v = this.evaluate(r.chain);
    if (v.kind !== "secret") throw new Error(`expected a Secret, got ${r.$type}`);
    return v.name;
  }

  private apply(value: Value, step: Step, prefix: Step[]): Value {
    const a = step.args;
    const id = `${value.kind}.${step.field}`;
    switch (id) {
      case "root.host": return { kind: "host" };
      case "root.directory": return { kind: "directory", tree: emptyTree() };
      case "root.container":
        return { kind: "container", state: newContainer(optStr(a, "platform") ?? DEFAULT_PLATFORM) };
      case "root.setSecret":
        return { kind: "secret", name: str(a, "name", step), plaintext: str(a, "plaintext", step), uri: "" };
      case "root.secret": return { kind: "secret", name: str(a, "uri", step), uri: str(a, "uri", step) };
      case "root.cacheVolume": return { kind: "cacheVolume", key: str(a, "key", step) };
      case "host.directory": {
        if (a["gitignore"] === true) throw new UnsupportedByFake("Host.directory(gitignore: true) is not supported by the fake");
        const tree = loadDisk(resolve(str(a, "path", step)), strList(a, "include"), strList(a, "exclude"));
        return { kind: "directory", tree };
      }
      case "host.file": {
        const path = resolve(str(a, "path", step));
        return { kind: "file", name: basename(path), source: { disk: path } };
      }
    }
    if (value.kind === "directory") return this.applyDirectory(value.tree, step, prefix);
    if (value.kind === "container") return this.applyContainer(value.state, step, prefix);
    return opaque(step, prefix);
  }

  private applyDirectory(tree: Tree, step: Step, prefix: Step[]): Value {
    const a = step.args;
    const dir = (t: Tree): Value => ({ kind: "directory", tree: t });
    switch (step.field) {
      case "directory": return dir(subtree(tree, str(a, "path", step)));
      case "file": {
        const path = str(a, "path", step);
        const source = tree.files.get(key(path));
        if (!source) throw new Error(`${path}: no such file or directory`);
        return { kind: "file", name: basename(path), source };
      }
      case "filter":
        if (a["gitignore"] === true) throw new UnsupportedByFake("Directory.filter(gitignore: true) is not supported by the fake");
        return dir(filterTree(tree, strList(a, "include"), strList(a, "exclude")));
      case "withoutDirectory":
      case "withoutFile": return dir(without(tree, str(a, "path", step)));
      case "withoutFiles": return dir((strList(a, "paths") ?? []).reduce(without, tree));
      case "withDirectory": {
        const source = filterTree(this.tree(ref(a, "source", step)), strList(a, "include"), strList(a, "exclude"));
        return dir(mergeAt(tree, str(a, "path", step), source));
      }
      case "withFile": return dir(withFileAt(tree, str(a, "path", step), this.file(ref(a, "source", step)).source));
      case "withFiles": {
        const sources = (a["sources"] as ArgValue[]).filter(isObjectRef).map((r) => this.file(r));
        const base = str(a, "path", step);
        return dir(sources.reduce((t, f) => withFileAt(t, `${base}/${f.name}`, f.source), tree));
      }
      case "withNewFile": return dir(withFileAt(tree, str(a, "path", step), { text: str(a, "contents", step) }));
      case "withNewDirectory": return dir(mergeAt(tree, str(a, "path", step), emptyTree()));
      case "dockerBuild": return { kind: "container", state: this.dockerBuild(tree, a) };
    }
    if (step.type === "Directory" || step.type === "File") {
      throw new UnsupportedByFake(`Directory.${step.field} is not supported by the fake Dagger session`);
    }
    return opaque(step, prefix);
  }

  private dockerBuild(tree: Tree, a: Args): ContainerState {
    const platform = optStr(a, "platform");
    const state = newContainer(platform ?? DEFAULT_PLATFORM);
    const buildArgs: Record<string, string> = {};
    for (const arg of (a["buildArgs"] as ArgValue[] | undefined) ?? []) {
      const { name, value } = arg as { name: string; value: string };
      buildArgs[name] = value;
    }
    const secrets = ((a["secrets"] as ArgValue[] | undefined) ?? []).filter(isObjectRef).map((r) => this.secretName(r));
    const dockerfile = optStr(a, "dockerfile") ?? "Dockerfile";
    if (!tree.files.has(key(dockerfile))) {
      throw new Error(`failed to solve: failed to read dockerfile: open ${dockerfile}: no such file or directory`);
    }
    state.dockerBuild = { context: filePaths(tree), dockerfile, target: optStr(a, "target"), buildArgs, secrets, platform };
    return state;
  }

  private applyContainer(prev: ContainerState, step: Step, prefix: Step[]): Value {
    const a = step.args;
    if (step.type !== "Container") return this.readFromContainer(prev, step, prefix);
    const s = cloneContainer(prev);
    const path = (): string => containerPath(s, str(a, "path", step));
    switch (step.field) {
      case "from": {
        s.from = str(a, "address", step);
        for (const [p, text] of Object.entries(this.imageFiles[s.from] ?? {})) s.fs = withFileAt(s.fs, p, { text });
        break;
      }
      case "withEnvVariable": {
        const value = str(a, "value", step);
        s.env[str(a, "name", step)] = a["expand"] === true ? expandVars(value, s.env) : value;
        break;
      }
      case "withoutEnvVariable": delete s.env[str(a, "name", step)]; break;
      case "withWorkdir": s.workdir = path(); break;
      case "withUser": s.user = str(a, "name", step); break;
      case "withEntrypoint": s.entrypoint = strList(a, "args"); break;
      case "withDefaultArgs": s.defaultArgs = strList(a, "args"); break;
      case "withLabel": s.labels[str(a, "name", step)] = str(a, "value", step); break;
      case "withExposedPort": s.exposedPorts.push(Number(a["port"])); break;
      case "withMountedCache": {
        const cache = this.evaluate(ref(a, "cache", step).chain);
        if (cache.kind !== "cacheVolume") throw new Error("withMountedCache: cache must be a CacheVolume");
        s.caches.push({ path: path(), key: cache.key, sharing: optStr(a, "sharing") });
        break;
      }
      case "withMountedDirectory":
      case "withDirectory": {
        const tree = filterTree(this.tree(ref(a, "source", step)), strList(a, "include"), strList(a, "exclude"));
        const target = path();
        (step.field === "withDirectory" ? s.directories : s.mountedDirectories).push(directoryMount(target, tree));
        s.fs = mergeAt(s.fs, target, tree);
        break;
      }
      case "withFile":
      case "withMountedFile": {
        const file = this.file(ref(a, "source", step));
        s.files.push(path());
        s.fs = withFileAt(s.fs, path(), file.source);
        break;
      }
      case "withNewFile":
        s.files.push(path());
        s.fs = withFileAt(s.fs, path(), { text: str(a, "contents", step) });
        break;
      case "withSecretVariable": s.secrets[str(a, "name", step)] = this.secretName(ref(a, "secret", step)); break;
      case "withMountedSecret": s.mountedSecrets.push({ path: path(), secret: this.secretName(ref(a, "source", step)) }); break;
      case "withServiceBinding": s.services[str(a, "alias", step)] = ref(a, "service", step); break;
      case "withRegistryAuth":
        s.registryAuth.push({ address: str(a, "address", step), username: str(a, "username", step), secret: this.secretName(ref(a, "secret", step)) });
        break;
      case "withExec": this.exec(s, step, prefix); break;
      default: break; // recorded in the chain; no effect the fake models
    }
    return { kind: "container", state: s };
  }

  private exec(s: ContainerState, step: Step, prefix: Step[]): void {
    const raw = strList(step.args, "args") ?? [];
    const args = step.args["expand"] === true ? raw.map((x) => expandVars(x, s.env)) : raw;
    const { args: _args, ...opts } = step.args;
    const call = execCall(s, args, opts, prefix);
    const result = this.runExec(call) ?? {};
    const outcome: ExecOutcome = { call, exitCode: result.exitCode ?? 0, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
    for (const [p, text] of Object.entries(result.files ?? {})) s.fs = withFileAt(s.fs, p, { text });
    s.lastExec = outcome;
    const expect = optStr(step.args, "expect") ?? "SUCCESS";
    if (expect === "SUCCESS" && outcome.exitCode !== 0) {
      throw new ExecFailure(outcome, `process "${args.join(" ")}" did not complete successfully: exit code: ${outcome.exitCode}`);
    }
    if (expect === "FAILURE" && outcome.exitCode === 0) {
      throw new ExecFailure(outcome, `process "${args.join(" ")}" did not fail as expected: exit code: 0`);
    }
  }

  private readFromContainer(s: ContainerState, step: Step, prefix: Step[]): Value {
    if (step.field === "asTarball") {
      // Stands in for the OCI archive: names the image by the digest publish would report.
      const image = `sha256:${imageDigest(prefix.slice(0, -1))}`;
      return { kind: "file", name: "image.tar", source: { text: `fake OCI tarball of ${image}\n` } };
    }
    if (step.field !== "directory" && step.field !== "file") return opaque(step, prefix);
    const path = containerPath(s, str(step.args, "path", step));
    if (step.field === "directory") return { kind: "directory", tree: subtree(s.fs, path) };
    const source = s.fs.files.get(key(path));
    if (!source) throw new Error(`${path}: no such file or directory (the fake only knows files put there by the chain or by onExec results)`);
    return { kind: "file", name: basename(path), source };
  }
}
