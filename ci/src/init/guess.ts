/**
 * Guesses from a Dockerfile's facts: service or job, the port, the health path and the build
 * argument that receives the commit. Every guess carries the reason init writes beside it.
 */
import type { DockerfileFacts } from "./dockerfile.js";

export type TargetKind = "service" | "job";

export interface Guess<T> {
  value: T;
  /** Why, as written in the comment beside the value ("EXPOSE 8080"). */
  reason: string;
  /** true when nothing in the Dockerfile said so: the user must check it. */
  fallback?: boolean;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HEALTH_PATH = "/health";

/** Commands that serve HTTP: a final stage running one of them is a service. */
const WEB_SERVERS: { pattern: RegExp; name: string }[] = [
  { pattern: /\buvicorn\b/, name: "uvicorn" },
  { pattern: /\bgunicorn\b/, name: "gunicorn" },
  { pattern: /\bhypercorn\b/, name: "hypercorn" },
  { pattern: /\bdaphne\b/, name: "daphne" },
  { pattern: /\bwaitress(-serve)?\b/, name: "waitress" },
  { pattern: /\bflask\b[^;&|]*?\srun\b/, name: "flask run" },
  { pattern: /\bfastapi\s+(run|dev)\b/, name: "fastapi run" },
  { pattern: /\bmanage\.py\s+runserver\b/, name: "manage.py runserver" },
  { pattern: /\bhttp\.server\b/, name: "http.server" },
];

/** The web server a command line runs, if any. */
export function webServerIn(command: string): string | undefined {
  return WEB_SERVERS.find((w) => w.pattern.test(command))?.name;
}

const runs = (facts: DockerfileFacts): { instruction: string; command: string }[] =>
  [
    facts.entrypoint === undefined ? undefined : { instruction: "ENTRYPOINT", command: facts.entrypoint },
    facts.cmd === undefined ? undefined : { instruction: "CMD", command: facts.cmd },
  ].filter((r) => r !== undefined);

/** EXPOSE or HEALTHCHECK -> service; else a CMD/ENTRYPOINT running a web server -> service; else job. */
export function guessKind(facts: DockerfileFacts): Guess<TargetKind> {
  if (facts.exposed.length) return { value: "service", reason: `EXPOSE ${facts.exposed.join(" ")}` };
  if (facts.healthcheck !== undefined) return { value: "service", reason: "HEALTHCHECK" };
  for (const run of runs(facts)) {
    const server = webServerIn(run.command);
    if (server) return { value: "service", reason: `${run.instruction} runs ${server}` };
  }
  const what = runs(facts).map((r) => `${r.instruction} ${shorten(r.command)}`);
  const runsWhat = what.length ? `; it runs ${what.join(", ")}` : "";
  return { value: "job", reason: `no EXPOSE, HEALTHCHECK or web server command in the final stage${runsWhat}` };
}

/** The first TCP port EXPOSEd, else one the web server command binds (--port N, --bind HOST:N), else 8080. */
export function guessPort(facts: DockerfileFacts): Guess<number> {
  for (const token of facts.exposed) {
    const match = /^(\d{1,5})(\/tcp)?$/i.exec(token);
    const port = match ? Number(match[1]) : NaN;
    if (port >= 1 && port <= 65535) return { value: port, reason: `from EXPOSE ${token}` };
  }
  for (const run of runs(facts)) {
    const match = /(?:--port[= ]|--bind[= ]\S*:|-b \S*:|runserver \S*:)(\d{1,5})\b/.exec(run.command);
    const port = match ? Number(match[1]) : NaN;
    if (port >= 1 && port <= 65535) return { value: port, reason: `from the ${run.instruction} (${match![0]})` };
  }
  const why = facts.exposed.length ? `EXPOSE ${facts.exposed.join(" ")} names no TCP port number` : "the Dockerfile EXPOSEs no port";
  return { value: DEFAULT_PORT, reason: `${why}: Cloud Run's default; the app must listen on it ($PORT)`, fallback: true };
}

const HTTP_PATH = /^\/[A-Za-z0-9._~\-/]*$/;

/** The URL path the HEALTHCHECK requests, else /health (to check). */
export function guessHealthPath(facts: DockerfileFacts): Guess<string> {
  if (facts.healthcheck !== undefined) {
    const match = /https?:\/\/[^/\s'"]+(\/[^\s'"?#)]*)?/.exec(facts.healthcheck);
    if (match) {
      const path = match[1] ?? "/";
      if (HTTP_PATH.test(path)) return { value: path, reason: `from the HEALTHCHECK (${match[0]})` };
    }
    return { value: DEFAULT_HEALTH_PATH, reason: "the HEALTHCHECK requests no URL init could read: check the path your app answers 200 on; deploy probes it before moving traffic", fallback: true };
  }
  return { value: DEFAULT_HEALTH_PATH, reason: "the Dockerfile has no HEALTHCHECK: check the path your app answers 200 on; deploy probes it before moving traffic", fallback: true };
}

/** Build arguments that usually receive the commit, in the order init prefers them. */
const COMMIT_ARGS = ["GIT_SHA", "COMMIT", "GIT_COMMIT", "COMMIT_SHA", "GIT_COMMIT_SHA", "SOURCE_COMMIT", "REVISION", "GIT_REVISION", "VCS_REF"];

/** A commit-like ARG other than the default GIT_SHA (undefined: keep the default). */
export function guessCommitArg(facts: DockerfileFacts): Guess<string> | undefined {
  const found = COMMIT_ARGS.find((name) => facts.args.includes(name));
  if (!found || found === "GIT_SHA") return undefined;
  return { value: found, reason: `the Dockerfile declares ARG ${found}, which then receives the commit's short SHA` };
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
