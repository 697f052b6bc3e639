// Leaf fields the fake answers: the values a real engine computes when a chain is awaited.
import { resolve } from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { digestOf, imageDigest, type ArgValue, type Step } from "./chain.js";
import { DEFAULT_PLATFORM, UnsupportedByFake, type Evaluator, type Value } from "./evaluate.js";
import { matchesExactly } from "./patterns.js";
import {
  directoryPaths, entries, exportTree, filePaths, hasDirectory, key, readSource, treeDigest,
} from "./tree.js";

export const ENGINE_VERSION = "v0.21.9";

function need<K extends Value["kind"]>(value: Value, kind: K, field: string): Extract<Value, { kind: K }> {
  if (value.kind === "opaque") {
    throw new UnsupportedByFake(`${field}: the fake cannot evaluate the ${value.type} made by ${value.madeBy}; extend test/support/dagger/evaluate.ts`);
  }
  if (value.kind !== kind) throw new UnsupportedByFake(`${field} on a ${value.kind} value is not supported by the fake`);
  return value as Extract<Value, { kind: K }>;
}

function arg(args: Record<string, ArgValue>, name: string): string {
  const v = args[name];
  if (typeof v !== "string") throw new Error(`argument "${name}" must be a string`);
  return v;
}

/** Computes leaf `field` of the object denoted by `chain` (whose type is `type`). */
export function computeLeaf(
  evaluator: Evaluator, type: string, chain: Step[], field: string, args: Record<string, ArgValue>,
): unknown {
  const label = `${type}.${field}`;
  if (type === "Query") {
    if (field === "version") return ENGINE_VERSION;
    if (field === "defaultPlatform") return DEFAULT_PLATFORM;
    throw new UnsupportedByFake(`leaf field ${label} is not supported by the fake Dagger session`);
  }
  const value = evaluator.evaluate(chain);
  switch (label) {
    case "Container.stdout":
    case "Container.stderr":
    case "Container.exitCode":
    case "Container.combinedOutput": {
      const last = need(value, "container", label).state.lastExec;
      if (!last) throw new Error(`${field}: no command has been set; call withExec before reading ${field}`);
      if (field === "stdout") return last.stdout;
      if (field === "stderr") return last.stderr;
      if (field === "exitCode") return last.exitCode;
      return last.stdout + last.stderr;
    }
    case "Container.publish":
      need(value, "container", label);
      return `${arg(args, "address")}@sha256:${imageDigest(chain)}`;
    case "Container.imageRef": {
      const { state } = need(value, "container", label);
      if (!state.from) throw new Error("imageRef can only be retrieved immediately after the 'Container.From' call");
      return `${state.from.includes("/") ? state.from : `docker.io/library/${state.from}`}@sha256:${digestOf(state.from)}`;
    }
    case "Container.platform": return need(value, "container", label).state.platform;
    case "Container.workdir": return need(value, "container", label).state.workdir;
    case "Container.user": return need(value, "container", label).state.user ?? "";
    case "Container.envVariable": return need(value, "container", label).state.env[arg(args, "name")] ?? null;
    case "Container.label": return need(value, "container", label).state.labels[arg(args, "name")] ?? null;
    case "Directory.entries": return entries(need(value, "directory", label).tree, typeof args["path"] === "string" ? args["path"] : "");
    case "Directory.glob": {
      const { tree } = need(value, "directory", label);
      const pattern = arg(args, "pattern");
      return [...filePaths(tree), ...directoryPaths(tree)].filter((p) => matchesExactly(pattern, p)).sort();
    }
    case "Directory.exists": {
      const { tree } = need(value, "directory", label);
      const k = key(arg(args, "path"));
      const expected = args["expectedType"];
      const isFile = tree.files.has(k);
      const isDir = !isFile && hasDirectory(tree, k);
      if (expected === "REGULAR_TYPE") return isFile;
      if (expected === "DIRECTORY_TYPE") return isDir;
      if (expected === "SYMLINK_TYPE") return false;
      return isFile || isDir;
    }
    case "Directory.export": {
      const target = resolve(arg(args, "path"));
      exportTree(need(value, "directory", label).tree, target, args["wipe"] === true);
      return target;
    }
    case "Directory.digest": return treeDigest(need(value, "directory", label).tree);
    case "File.contents": return readSource(need(value, "file", label).source).toString("utf8");
    case "File.name": return need(value, "file", label).name;
    case "File.size": return readSource(need(value, "file", label).source).length;
    case "File.digest": return "sha256:" + digestOf(readSource(need(value, "file", label).source).toString("base64"));
    case "File.export": {
      const target = resolve(arg(args, "path"));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, readSource(need(value, "file", label).source));
      return target;
    }
    case "Secret.name": return need(value, "secret", label).name;
    case "Secret.uri": return need(value, "secret", label).uri;
    case "Secret.plaintext": {
      const secret = need(value, "secret", label);
      if (secret.plaintext === undefined) throw new UnsupportedByFake(`Secret.plaintext of "${secret.name}" is unknown to the fake (only setSecret values are)`);
      return secret.plaintext;
    }
  }
  throw new UnsupportedByFake(`leaf field ${label} is not supported by the fake Dagger session; extend test/support/dagger/leaves.ts`);
}
