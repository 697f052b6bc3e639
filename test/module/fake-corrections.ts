/**
 * Two behaviours of the real engine the shared fake (test/support/dagger) does not model yet,
 * added for these tests only by wrapping the fake's own classes (no file of the fake changes):
 *
 * 1. Image contents: `container.from(IMAGES.uv).file("/uv")` — the uv image ships its binary at
 *    /uv (and /uvx); the fake knows no image filesystems, so every uv-based container would fail.
 * 2. Publish digests: the engine's digest is the pushed manifest's, which registry credentials do
 *    not change; the fake hashes the whole chain, `withRegistryAuth` included, so the same image
 *    pushed with a fresh token per tag would get a different digest per tag.
 */
import type { FieldNode } from "graphql";
import { IMAGES } from "../../ci/src/containers/images.js";
import { digestOf, type Step } from "../support/dagger/chain.js";
import { Evaluator, type Value } from "../support/dagger/evaluate.js";
import { Resolver, type LeafCall } from "../support/dagger/resolver.js";

const IMAGE_FILES: Record<string, Record<string, string>> = {
  [IMAGES.uv]: { "/uv": "uv binary (fake)\n", "/uvx": "uvx binary (fake)\n" },
};

function imageFile(chain: Step[]): Value | undefined {
  const [root, from, file] = chain;
  if (chain.length !== 3 || root?.field !== "container" || from?.field !== "from" || file?.field !== "file") return undefined;
  const path = String(file.args["path"]);
  const contents = IMAGE_FILES[String(from.args["address"])]?.[path];
  if (contents === undefined) return undefined;
  return { kind: "file", name: path.split("/").pop()!, source: { text: contents } };
}

type FieldFn = (type: string, chain: Step[], node: FieldNode, vars: unknown, path: string[], leaves: LeafCall[]) => unknown;

let installed = false;

/** Installs both corrections (idempotent; affects only the test file's own module graph). */
export function installFakeCorrections(): void {
  if (installed) return;
  installed = true;
  const evaluate = Evaluator.prototype.evaluate;
  Evaluator.prototype.evaluate = function (this: Evaluator, chain: Step[]): Value {
    return imageFile(chain) ?? evaluate.call(this, chain);
  };
  const proto = Resolver.prototype as unknown as { field: FieldFn };
  const field = proto.field;
  proto.field = function (this: Resolver, type, chain, node, vars, path, leaves) {
    const result = field.call(this, type, chain, node, vars, path, leaves);
    if (type !== "Container" || node.name.value !== "publish" || typeof result !== "string") return result;
    const image = chain.filter((s) => s.field !== "withRegistryAuth");
    const fixed = result.replace(/@sha256:[0-9a-f]{64}$/, `@sha256:${digestOf(image)}`);
    const leaf = leaves[leaves.length - 1];
    if (leaf?.field === "publish") leaf.result = fixed;
    return fixed;
  };
}
