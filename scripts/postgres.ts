/**
 * Starts Debian's PostgreSQL cluster for the example's host checks (the cloud app's tests) and
 * prints the DATABASE_URL to use. Idempotent: an existing cluster, role or database is reused.
 *
 *   export DATABASE_URL=$(node --import tsx scripts/postgres.ts)
 *
 * Needs the Debian package `postgresql` (installed by .ci/run), and root or sudo.
 */
import { $, fs } from "zx";

$.verbose = false;
const DATABASE = "dataface";

if (!(await fs.pathExists("/usr/lib/postgresql"))) {
  console.error("PostgreSQL is not installed: run `apt-get install -y postgresql` (Debian) first.");
  process.exit(1);
}
const versions = (await fs.readdir("/usr/lib/postgresql")).sort((a: string, b: string) => Number(a) - Number(b));
const version = versions.at(-1)!;
const isRoot = process.getuid?.() === 0;
/** Runs a command as root (directly, or through sudo). */
const asRoot = (args: string[]) => (isRoot ? $`${args}` : $`sudo ${args}`);
/** Runs a command as the postgres system user. */
const asPostgres = (args: string[]) => (isRoot ? $`runuser -u postgres -- ${args}` : $`sudo -u postgres ${args}`);

const clusters = (await $`pg_lsclusters -h`).stdout;
if (!new RegExp(`^${version}\\s+main\\s`, "m").test(clusters)) await asRoot(["pg_createcluster", version, "main"]);
if (!new RegExp(`^${version}\\s+main\\s.*online`, "m").test((await $`pg_lsclusters -h`).stdout)) await asRoot(["pg_ctlcluster", version, "main", "start"]);

const user = (await $`id -un`).stdout.trim();
const psql = (sql: string) => asPostgres(["psql", "-tAc", sql]);
if ((await psql(`SELECT 1 FROM pg_roles WHERE rolname = '${user}'`)).stdout.trim() !== "1") await asPostgres(["createuser", "--createdb", user]);
if ((await psql(`SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'`)).stdout.trim() !== "1") await asPostgres(["createdb", "-O", user, DATABASE]);

// Unix socket with peer authentication: no password anywhere.
console.log(`postgres://%2Fvar%2Frun%2Fpostgresql/${DATABASE}`);
