/**
 * A recording HTTP proxy in front of fake-gcs-server. It forwards every request unchanged and:
 * - records method, path and query of each request (to assert "no mutating call", "one
 *   listing, no per-object GET"), and counts upload requests in flight at once;
 * - can fail upload requests the way Cloud Storage does under trouble (a JSON error body with
 *   the HTTP status, e.g. 503 backendError), after a number of successful ones;
 * - fills three gaps of fake-gcs-server 1.55.1, following the JSON API reference:
 *   `GET /storage/v1/b/{bucket}/iam/testPermissions` (missing upstream: 404) answers
 *   `{ kind: "storage#testIamPermissionsResponse", permissions: [...] }` with the subset of the
 *   requested permissions granted (the field is omitted when none are, as the API does) and 404
 *   for a missing bucket; and the bucket `website` field (upstream ignores it on PATCH) is kept
 *   per bucket and returned on bucket GET/PATCH responses; and a resumable session takes the
 *   object's Content-Type from the X-Upload-Content-Type header (upstream reads only the JSON
 *   body, where @google-cloud/storage does not put it).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The Authorization header, if the client sent one. */
  authorization?: string;
}

export interface UploadFault {
  /** Upload requests (counted as they arrive, retries included) let through before failures start. */
  after: number;
  /** How many upload requests fail (default: all until `heal()`). */
  count?: number;
  /** HTTP status to answer (default 503). */
  status?: number;
}

export interface GcsProxy {
  endpoint: string;
  requests: RecordedRequest[];
  /** Upload requests answered successfully by upstream. */
  readonly uploadsSucceeded: number;
  /** Upload requests answered with an injected failure. */
  readonly uploadsFailed: number;
  /** Highest number of upload requests in flight at once. */
  readonly maxUploadsInFlight: number;
  /** Permissions testIamPermissions reports as granted ("all" by default). */
  grant(permissions: readonly string[] | "all"): void;
  failUploads(fault: UploadFault): void;
  heal(): void;
  /** Hold each upload this long before forwarding, so parallel uploads overlap. */
  holdUploads(ms: number): void;
  /** Requests that change state (anything but GET/HEAD). */
  mutatingRequests(): RecordedRequest[];
  /** Clears recorded requests and counters (not grants, faults or website state). */
  resetRecords(): void;
  stop(): Promise<void>;
}

const BUCKET_PATH = /^\/storage\/v1\/b\/([^/]+)$/;
const TEST_PERMISSIONS_PATH = /^\/storage\/v1\/b\/([^/]+)\/iam\/testPermissions$/;
const UPLOAD_PATH = /^\/upload\/storage\/v1\/b\/([^/]+)\/o\/?$/;

export async function startGcsProxy(upstream: string): Promise<GcsProxy> {
  const target = new URL(upstream);
  const requests: RecordedRequest[] = [];
  const websites = new Map<string, unknown>();
  let granted: readonly string[] | "all" = "all";
  let fault: { passLeft: number; failLeft: number; status: number } | undefined;
  let holdMs = 0;
  let uploadsSucceeded = 0;
  let uploadsFailed = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const forward = (req: IncomingMessage, body: Buffer | undefined): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> =>
    new Promise((resolveForward, reject) => {
      const headers = { ...req.headers, host: target.host };
      if (body) headers["content-length"] = String(body.length);
      const upstreamRequest = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolveForward({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        },
      );
      upstreamRequest.on("error", reject);
      if (body) upstreamRequest.end(body);
      else req.pipe(upstreamRequest);
    });

  const send = (res: ServerResponse, status: number, headers: Record<string, string | string[] | undefined>, body: Buffer): void => {
    const out: Record<string, string | string[] | undefined> = { ...headers, "content-length": String(body.length) };
    delete out["transfer-encoding"];
    res.writeHead(status, out);
    res.end(body);
  };
  const sendJson = (res: ServerResponse, status: number, value: unknown): void =>
    send(res, status, { "content-type": "application/json; charset=UTF-8" }, Buffer.from(JSON.stringify(value)));

  const readBody = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  // Resumable sessions: the client sends the object's type in X-Upload-Content-Type (and drops
  // it from the JSON body); Cloud Storage uses that header, fake-gcs-server ignores it.
  const resumableStart = async (req: IncomingMessage): Promise<Buffer> => {
    const body = await readBody(req);
    const declared = req.headers["x-upload-content-type"];
    if (typeof declared !== "string") return body;
    const metadata = body.length > 0 ? (JSON.parse(body.toString()) as Record<string, unknown>) : {};
    return Buffer.from(JSON.stringify({ contentType: declared, ...metadata }));
  };

  const withWebsite = (bucket: string, upstreamBody: Buffer): Buffer => {
    if (!websites.has(bucket)) return upstreamBody;
    const parsed = JSON.parse(upstreamBody.toString()) as Record<string, unknown>;
    return Buffer.from(JSON.stringify({ ...parsed, website: websites.get(bucket) }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://proxy");
    const method = req.method ?? "GET";
    requests.push({ method, path: url.pathname, query: url.searchParams, authorization: req.headers.authorization });

    const permissionsMatch = TEST_PERMISSIONS_PATH.exec(url.pathname);
    if (permissionsMatch && method === "GET") {
      const bucket = decodeURIComponent(permissionsMatch[1] as string);
      const lookup = await fetch(`${upstream}/storage/v1/b/${encodeURIComponent(bucket)}`);
      await lookup.arrayBuffer();
      if (lookup.status === 404) {
        sendJson(res, 404, { error: { code: 404, message: "The specified bucket does not exist.", errors: [{ reason: "notFound", message: "The specified bucket does not exist." }] } });
        return;
      }
      const asked = url.searchParams.getAll("permissions");
      const permissions = asked.filter((p) => granted === "all" || granted.includes(p));
      sendJson(res, 200, { kind: "storage#testIamPermissionsResponse", ...(permissions.length > 0 ? { permissions } : {}) });
      return;
    }

    const bucketMatch = BUCKET_PATH.exec(url.pathname);
    if (bucketMatch && (method === "PATCH" || method === "GET")) {
      const bucket = decodeURIComponent(bucketMatch[1] as string);
      const body = method === "PATCH" ? await readBody(req) : undefined;
      const answer = await forward(req, body);
      if (answer.status === 200 && body && body.length > 0) {
        const patch = JSON.parse(body.toString()) as { website?: unknown };
        if (patch.website !== undefined) websites.set(bucket, patch.website);
      }
      send(res, answer.status, answer.headers, answer.status === 200 ? withWebsite(bucket, answer.body) : answer.body);
      return;
    }

    if (UPLOAD_PATH.test(url.pathname) && method === "POST") {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (holdMs > 0) await new Promise((r) => setTimeout(r, holdMs));
        let failWith: number | undefined;
        if (fault && fault.passLeft > 0) fault.passLeft--;
        else if (fault && fault.failLeft > 0) {
          fault.failLeft--;
          failWith = fault.status;
        }
        if (failWith !== undefined) {
          uploadsFailed++;
          await readBody(req);
          const status = failWith;
          sendJson(res, status, { error: { code: status, message: "Backend Error", errors: [{ reason: "backendError", message: "Backend Error" }] } });
          return;
        }
        const answer = await forward(req, url.searchParams.get("uploadType") === "resumable" ? await resumableStart(req) : undefined);
        if (answer.status === 200) uploadsSucceeded++;
        send(res, answer.status, answer.headers, answer.body);
      } finally {
        inFlight--;
      }
      return;
    }

    const answer = await forward(req, undefined);
    send(res, answer.status, answer.headers, answer.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 502, { error: { code: 502, message: `proxy: ${String(error)}` } });
      else res.destroy();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    get uploadsSucceeded() {
      return uploadsSucceeded;
    },
    get uploadsFailed() {
      return uploadsFailed;
    },
    get maxUploadsInFlight() {
      return maxInFlight;
    },
    grant: (permissions) => {
      granted = permissions;
    },
    failUploads: (f) => {
      fault = { passLeft: f.after, failLeft: f.count ?? Number.POSITIVE_INFINITY, status: f.status ?? 503 };
    },
    heal: () => {
      fault = undefined;
    },
    holdUploads: (ms) => {
      holdMs = ms;
    },
    mutatingRequests: () => requests.filter((r) => r.method !== "GET" && r.method !== "HEAD"),
    resetRecords: () => {
      requests.length = 0;
      uploadsSucceeded = 0;
      uploadsFailed = 0;
      maxInFlight = 0;
    },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
