/**
 * Starts fsouza/fake-gcs-server (a real third-party Cloud Storage emulator) on a free
 * 127.0.0.1 port, in memory, and stops it. Install it with
 * `node --import tsx scripts/test-servers.ts install` (into ./.tools/bin).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Storage } from "@google-cloud/storage";

export const FAKE_GCS_BINARY = "fake-gcs-server";
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const TOOLS_BIN = join(repoRoot, ".tools", "bin");

export interface FakeGcs {
  port: number;
  /** http://127.0.0.1:PORT — pass as `apiEndpoint`. */
  endpoint: string;
  /** A real @google-cloud/storage client pointed at this server (no credentials are sent). */
  storage(): Storage;
  /** Creates a bucket (straight through the JSON API). */
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Path of the fake-gcs-server binary in ./.tools/bin or on PATH; throws how to install it. */
export function findFakeGcsBinary(dirs: readonly string[] = [TOOLS_BIN, ...(process.env.PATH ?? "").split(delimiter).filter(Boolean)]): string {
  for (const dir of dirs) {
    const candidate = join(dir, FAKE_GCS_BINARY);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${FAKE_GCS_BINARY} was not found in ${dirs.join(delimiter)}. Install it with: ` +
      "node --import tsx scripts/test-servers.ts install (needs Go >= 1.24)",
  );
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A Storage client for `endpoint` the way tests and the bench use it. */
export function storageFor(endpoint: string): Storage {
  return new Storage({ apiEndpoint: endpoint, projectId: "test-project" });
}

export async function startFakeGcs(): Promise<FakeGcs> {
  const binary = findFakeGcsBinary();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    ["-scheme", "http", "-host", "127.0.0.1", "-port", String(port), "-backend", "memory", "-external-url", endpoint, "-log-level", "error"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  await waitUntilReady(child, endpoint, () => stderr);
  return {
    port,
    endpoint,
    storage: () => storageFor(endpoint),
    createBucket: async (name) => {
      const response = await fetch(`${endpoint}/storage/v1/b?project=test-project`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      if (!response.ok) throw new Error(`creating bucket ${name} failed: ${response.status} ${await response.text()}`);
    },
    stop: () => stopProcess(child),
  };
}

async function waitUntilReady(child: ChildProcess, endpoint: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${FAKE_GCS_BINARY} exited with code ${child.exitCode}: ${stderr()}`);
    }
    try {
      const response = await fetch(`${endpoint}/_internal/healthcheck`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stopProcess(child);
  throw new Error(`${FAKE_GCS_BINARY} did not become ready on ${endpoint} within 20s: ${stderr()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((done) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      done();
    });
    child.kill("SIGTERM");
  });
}
