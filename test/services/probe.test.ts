/**
 * probeHealth against a local HTTP server: what counts as healthy, what the reason says, and that
 * an answer seen earlier is not hidden by a last attempt the deadline cut short.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { healthUrl, probeHealth } from "../../ci/src/services/probe.js";

let server: Server | undefined;

async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<string> {
  let n = 0;
  server = createServer((req, res) => handler(req, res, n++));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe("probeHealth", () => {
  it("is healthy on the first 2xx, after earlier failures", async () => {
    const base = await serve((_req, res, n) => res.writeHead(n < 2 ? 503 : 204).end());
    const result = await probeHealth(healthUrl(base, "health"), { timeoutMs: 2000, intervalMs: 10 });
    expect(result).toMatchObject({ ok: true, attempts: 3, status: 204, url: `${base}/health` });
  });

  it("sends the bearer token and a user agent", async () => {
    const seen: Array<string | undefined> = [];
    const base = await serve((req, res) => {
      seen.push(req.headers.authorization, req.headers["user-agent"]);
      res.writeHead(200).end();
    });
    await probeHealth(`${base}/`, { timeoutMs: 1000, bearerToken: "id-token" });
    expect(seen).toEqual(["Bearer id-token", "cloud-run-pipeline-health-gate"]);
  });

  it("does not follow a redirect (a login page is not health)", async () => {
    const paths: string[] = [];
    const base = await serve((req, res) => {
      paths.push(req.url ?? "");
      res.writeHead(302, { location: "/login" }).end();
    });
    const result = await probeHealth(`${base}/health`, { timeoutMs: 300, intervalMs: 50 });
    expect(result.ok).toBe(false);
    // On a loaded machine the last attempt may be cut by the deadline; the 302 is still what it names.
    expect(result.reason).toMatch(/^answered HTTP 302( \(the last attempt did not answer within \d+ms\))?$/);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => p !== "/health")).toEqual([]); // /login was never requested
  });

  it("says how long it waited when the server never answers", async () => {
    const base = await serve(() => undefined);
    const result = await probeHealth(`${base}/health`, { timeoutMs: 300, intervalMs: 50, requestTimeoutMs: 100 });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^did not answer within \d+ms$/);
  });

  it("keeps the HTTP answer it saw when the last attempt is cut short by the deadline", async () => {
    const base = await serve((_req, res, n) => (n === 0 ? res.writeHead(500).end() : undefined));
    const result = await probeHealth(`${base}/health`, { timeoutMs: 400, intervalMs: 20, requestTimeoutMs: 100 });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^answered HTTP 500 \(the last attempt did not answer within \d+ms\)$/);
  });
});
