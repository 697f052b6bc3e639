/**
 * One fresh process of bench/module-import.ts. The Dagger runtime's entrypoint imports the SDK
 * (its module runtime, introspector and telemetry) before it loads the module's files, so this
 * does the same first (sdkMs), then imports the module entry (coreMs: what every function pays),
 * then the release verbs a deploy loads on its first use with the Google client libraries
 * (fullMs, from the same start as coreMs).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";

const ENTRYPOINT = path.join(import.meta.dirname, "../node_modules/@dagger.io/dagger/dist/src/module/entrypoint/entrypoint.js");

const sdkStart = performance.now();
await import(pathToFileURL(ENTRYPOINT).href);
const sdkMs = performance.now() - sdkStart;
const start = performance.now();
await import("../ci/src/index.js");
const coreMs = performance.now() - start;
await Promise.all([import("../ci/src/commands/services.js"), import("../ci/src/commands/cloud.js")]);
const fullMs = performance.now() - start;
process.stdout.write(JSON.stringify({ sdkMs, coreMs, fullMs }));
