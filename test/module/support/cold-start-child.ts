/**
 * Run in a fresh Node process by test/module/cold-start.test.ts: records every module the process
 * resolves (ESM imports and CommonJS requires, through node:module registerHooks), imports the
 * module entry as the runtime does, calls `list`, `build` and `verify` against a fake Dagger
 * session, then a release verb, and prints which Google client modules were loaded after each.
 */
import { registerHooks } from "node:module";
import { resolve } from "node:path";

const loaded = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    loaded.add(result.url);
    return result;
  },
});

const GOOGLE = /\/node_modules\/(@google-cloud\/[^/]+|google-auth-library|google-gax)\//;
const google = (): string[] => [...new Set([...loaded].map((url) => GOOGLE.exec(url)?.[1]).filter((m): m is string => Boolean(m)))].sort();

const ROOT = resolve(import.meta.dirname, "../../..");
const { startFakeDaggerSession } = await import("../../support/dagger/session.js");
const { IMAGES } = await import("../../../ci/src/containers/images.js");
const session = await startFakeDaggerSession({ imageFiles: { [IMAGES.uv]: { "/uv": "uv (fake)\n", "/uvx": "uvx (fake)\n" } } });
const { dag } = await import("@dagger.io/dagger");
const { CloudRunPipeline } = await import("../../../ci/src/index.js");
const phases: Record<string, { google: string[]; outcome: string }> = {};
const phase = async (name: string, run: () => Promise<unknown>): Promise<void> => {
  let outcome = "ok";
  try {
    await run();
  } catch (err) {
    outcome = `error: ${(err as Error).message.split("\n").filter((line) => line && !line.startsWith("NOTE:")).join(" | ")}`;
  }
  phases[name] = { google: google(), outcome };
};

const source = dag.host().directory(ROOT, { exclude: ["**/node_modules", "**/.venv", ".git", ".tools"] });
const pipeline = new CloudRunPipeline(source, "0123456789abcdef0123456789abcdef01234567");
await phase("import", async () => undefined);
await phase("list", () => pipeline.list());
await phase("build", async () => (await pipeline.build("alie")).id());
await phase("verify", () => pipeline.verify());
await phase("plan", () => pipeline.plan("alie", dag.setSecret("credentials", "{}")));
await session.close();
process.stdout.write(JSON.stringify(phases));
