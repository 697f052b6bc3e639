/**
 * Worker for the parser fuzz test: parses each catalog it is sent and answers how parseCatalog
 * ended (accepted, a CatalogError, or anything else thrown), so the test can bound each parse in
 * time and memory from outside and name the mutation when a parse hangs or crashes.
 */
import { parentPort } from "node:worker_threads";
import { CatalogError } from "../../../ci/src/catalog/errors.js";
import { type CatalogFile, parseCatalog } from "../../../ci/src/catalog/parse.js";

export type ParseOutcome =
  | { kind: "accepted" }
  | { kind: "catalog-error"; problems: CatalogError["problems"] }
  | { kind: "raw"; name: string; message: string; stack?: string };

export interface ParseRequest {
  id: number;
  files: CatalogFile[];
}

const port = parentPort!;
port.on("message", ({ id, files }: ParseRequest) => {
  let outcome: ParseOutcome;
  try {
    parseCatalog(files);
    outcome = { kind: "accepted" };
  } catch (err) {
    if (err instanceof CatalogError) outcome = { kind: "catalog-error", problems: err.problems };
    else outcome = { kind: "raw", name: (err as Error)?.name ?? typeof err, message: String((err as Error)?.message ?? err), stack: (err as Error)?.stack };
  }
  port.postMessage({ id, outcome });
});
port.postMessage({ ready: true });
