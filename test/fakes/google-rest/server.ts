// The HTTP server: one port, each API under its own prefix (so each client root is injectable and
// a call sent to the wrong API is a 404), bearer tokens required (401 otherwise, with the APIs'
// wording), faults, a delay, and every request recorded with the most requests ever in flight.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { artifactRegistry } from "./artifact-registry.js";
import { cloudRun } from "./cloud-run.js";
import { RestFaultPlan } from "./faults.js";
import { iam } from "./iam-api.js";
import { type ApiHandler, type Reply, rpcError, storageError } from "./reply.js";
import { resourceManager } from "./resource-manager.js";
import { secretManager } from "./secret-manager.js";
import { serviceUsage } from "./service-usage.js";
import { sqlAdmin } from "./sql-admin.js";
import { FakeGoogleState } from "./state.js";
import { storage } from "./storage.js";

/** The APIs, keyed like the pipeline's GoogleRestClient roots, with their path prefix here. */
const APIS: Record<string, { prefix: string; handler: ApiHandler; storageErrors?: boolean }> = {
  serviceUsage: { prefix: "/serviceusage", handler: serviceUsage },
  artifactRegistry: { prefix: "/artifactregistry", handler: artifactRegistry },
  storage: { prefix: "/storage-api", handler: storage, storageErrors: true },
  secretManager: { prefix: "/secretmanager", handler: secretManager },
  iam: { prefix: "/iam", handler: iam },
  sqlAdmin: { prefix: "/sqladmin", handler: sqlAdmin, storageErrors: true },
  resourceManager: { prefix: "/cloudresourcemanager", handler: resourceManager },
  run: { prefix: "/run", handler: cloudRun },
};

export type RestApiName = keyof typeof APIS;

export const MISSING_CREDENTIALS = "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";
export const INVALID_CREDENTIALS = "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

export interface RestRequest {
  api: string;
  method: string;
  path: string;
  query: string;
  status: number;
  caller: string | undefined;
  authorization: string | undefined;
}

export interface FakeGoogleRestOptions {
  /** The caller (an IAM member, e.g. serviceAccount:deployer@p.iam.gserviceaccount.com) a bearer token stands for; undefined = invalid token. Default: the tokens added with addCaller. */
  identify?: (token: string) => string | undefined;
  /** Every answer waits this long (makes concurrency observable). */
  delayMs?: number;
}

export interface FakeGoogleRest {
  url: string;
  /** Roots for GoogleRestClient's `roots` option, one per API. */
  roots: Record<RestApiName, string>;
  state: FakeGoogleState;
  faults: RestFaultPlan;
  requests: RestRequest[];
  /** The most requests this fake ever had in flight at once. */
  readonly maxInFlight: number;
  delayMs: number;
  addCaller(token: string, member: string): void;
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

export async function startFakeGoogleRest(options: FakeGoogleRestOptions = {}): Promise<FakeGoogleRest> {
  const state = new FakeGoogleState();
  const faults = new RestFaultPlan();
  const requests: RestRequest[] = [];
  const callers = new Map<string, string>();
  const identify = options.identify ?? ((token: string) => callers.get(token));
  let inFlight = 0;
  let maxInFlight = 0;
  const fake = { delayMs: options.delayMs ?? 0 };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const text = await read(req);
    const entry = Object.entries(APIS).find(([, a]) => url.pathname.startsWith(`${a.prefix}/`));
    const api = entry?.[0] ?? "unknown";
    const path = entry ? url.pathname.slice(entry[1].prefix.length) : url.pathname;
    const header = req.headers.authorization;
    const token = header ? /^Bearer (\S+)$/.exec(header)?.[1] : undefined;
    const caller = token ? identify(token) : undefined;
    const record: RestRequest = { api, method: req.method ?? "GET", path, query: url.search, status: 0, caller, authorization: header };
    requests.push(record);
    const send = (reply: Reply) => {
      record.status = reply.status;
      res.writeHead(reply.status, { "content-type": "application/json; charset=UTF-8" });
      res.end(JSON.stringify(reply.body));
      inFlight--;
    };
    if (fake.delayMs) await new Promise((r) => setTimeout(r, fake.delayMs));
    const errorOf = (status: number, message: string): Reply => (entry?.[1].storageErrors ? storageError(status, status === 401 ? "required" : "backendError", message) : rpcError(status, message));
    if (!token) return send(errorOf(401, MISSING_CREDENTIALS));
    if (!caller) return send(errorOf(401, INVALID_CREDENTIALS));
    const fault = faults.take(api, path);
    if (fault?.kind === "hang") {
      record.status = -1;
      res.on("close", () => inFlight--);
      return;
    }
    if (fault) return send(errorOf(fault.status, fault.status === 503 ? "The service is currently unavailable." : `Injected fault ${fault.status}.`));
    if (!entry) return send(rpcError(404, `No API at ${url.pathname}.`));
    let body: Record<string, unknown> = {};
    if (text) {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return send(rpcError(400, "Invalid JSON payload received."));
      }
    }
    const reply = entry[1].handler({ method: record.method, path, query: url.searchParams, body, caller }, state);
    send(reply ?? rpcError(404, `The requested URL ${path} was not found on this server.`));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: 500, message: String(err), status: "INTERNAL" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const roots = Object.fromEntries(Object.entries(APIS).map(([name, a]) => [name, `${base}${a.prefix}`])) as Record<RestApiName, string>;
  return {
    url: base,
    roots,
    state,
    faults,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    get delayMs() {
      return fake.delayMs;
    },
    set delayMs(ms: number) {
      fake.delayMs = ms;
    },
    addCaller: (token, member) => void callers.set(token, member),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
