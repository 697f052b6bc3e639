/**
 * Installs and starts the local servers the tests use (all on 127.0.0.1).
 *
 *   node --import tsx scripts/test-servers.ts install          # into ./.tools/bin (gitignored)
 *   node --import tsx scripts/test-servers.ts install --force  # reinstall
 *   node --import tsx scripts/test-servers.ts status
 *   node --import tsx scripts/test-servers.ts start [--port 4443]   # foreground; Ctrl-C stops
 *
 * Servers:
 * - fake-gcs-server (fsouza/fake-gcs-server, Go): Cloud Storage JSON API emulator. Tests start
 *   their own instance per test file (test/support/gcs/fake-gcs-server.ts); `start` is for
 *   poking at it by hand.
 */
import { $, fs, minimist, path, which } from "zx";

interface GoTool {
  binary: string;
  module: string;
  version: string;
}

const FAKE_GCS: GoTool = { binary: "fake-gcs-server", module: "github.com/fsouza/fake-gcs-server", version: "v1.55.1" };
const TOOLS = [FAKE_GCS];

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const toolsBin = path.join(repoRoot, ".tools", "bin");

const args = minimist(process.argv.slice(2), { boolean: ["force"], string: ["port"] });
const command = String(args._[0] ?? "help");

$.verbose = false;

async function installedVersion(tool: GoTool): Promise<string | undefined> {
  const binary = path.join(toolsBin, tool.binary);
  if (!(await fs.pathExists(binary))) return undefined;
  // `go version -m` prints the module versions a Go binary was built from.
  const out = await $`go version -m ${binary}`.nothrow();
  const line = out.stdout.split("\n").find((l) => l.trim().startsWith("mod\t") || l.trim().startsWith("mod "));
  return line?.trim().split(/\s+/)[2] ?? "unknown";
}

async function requireGo(): Promise<void> {
  if (!(await which("go", { nothrow: true }))) {
    throw new Error("Go is not installed (needed to build fake-gcs-server): install Go >= 1.24 from https://go.dev/dl/ and rerun.");
  }
}

async function install(tool: GoTool, force: boolean): Promise<void> {
  const current = await installedVersion(tool);
  if (current === tool.version && !force) {
    console.log(`${tool.binary} ${tool.version} is installed in ${toolsBin}`);
    return;
  }
  await requireGo();
  await fs.ensureDir(toolsBin);
  console.log(`installing ${tool.module}@${tool.version} into ${toolsBin}${current ? ` (replacing ${current})` : ""} ...`);
  const result = await $({ env: { ...process.env, GOBIN: toolsBin } })`go install ${`${tool.module}@${tool.version}`}`.nothrow();
  if (result.exitCode !== 0) {
    throw new Error(`go install ${tool.module}@${tool.version} failed:\n${result.stderr}`);
  }
  console.log(`installed ${path.join(toolsBin, tool.binary)} (${await installedVersion(tool)})`);
}

async function status(): Promise<void> {
  for (const tool of TOOLS) {
    const version = await installedVersion(tool);
    console.log(`${tool.binary}: ${version ? `${version} in ${toolsBin}` : "not installed"} (wanted ${tool.version})`);
  }
}

async function startFakeGcs(port: number): Promise<void> {
  const binary = path.join(toolsBin, FAKE_GCS.binary);
  if (!(await fs.pathExists(binary))) {
    throw new Error(`${binary} is missing: run node --import tsx scripts/test-servers.ts install`);
  }
  const endpoint = `http://127.0.0.1:${port}`;
  console.log(`fake-gcs-server on ${endpoint} (in memory). Point @google-cloud/storage at it with apiEndpoint: "${endpoint}". Ctrl-C stops.`);
  await $({ stdio: "inherit" })`${binary} -scheme http -host 127.0.0.1 -port ${port} -backend memory -external-url ${endpoint}`.nothrow();
}

try {
  switch (command) {
    case "install":
      for (const tool of TOOLS) await install(tool, Boolean(args.force));
      break;
    case "status":
      await status();
      break;
    case "start":
      await startFakeGcs(Number(args.port ?? 4443));
      break;
    default:
      console.log("usage: node --import tsx scripts/test-servers.ts install [--force] | status | start [--port 4443]");
      process.exitCode = command === "help" ? 0 : 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
