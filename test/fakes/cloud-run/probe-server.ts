// The HTTP endpoint behind the fake's service and tag URLs. Each request is answered as the
// revision that would serve it: a tag URL by its tagged revision, the service URL by the split.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FaultPlan, ProbeBehaviour, ProbeContext } from "./faults.js";
import { isPublic } from "./iam.js";
import { idTokenClaims, idTokenProblem } from "./id-token.js";
import { tagUrl } from "./service-model.js";
import type { FakeState, ServiceRecord } from "./state.js";
import { pickRevision } from "./traffic.js";

export interface ProbeRequest {
  method: string;
  /** Full request path, e.g. `/s/api/health`. */
  url: string;
  /** Path below the service or tag URL, e.g. `/health`. */
  path: string;
  service?: string;
  tag?: string;
  revision?: string;
  authorization?: string;
  /** The `aud` of the bearer token, when it is a JWT ("id-token" mode). */
  audience?: string;
  status?: number;
  at: Date;
}

/**
 * "iam": private services (no allUsers/allAuthenticatedUsers invoker) need a bearer token, like
 * Cloud Run. "id-token": as "iam", and the token must be a JWT whose `aud` is the service's URL
 * (`uri`, any of `urls`; on a tag URL also that tag URL) or one of its `customAudiences`, else 401.
 * "none": no auth.
 */
export type ProbeAuthMode = "iam" | "id-token" | "none";

export interface ProbeServerOptions {
  auth: ProbeAuthMode;
  /** Decides whether a bearer token is valid (default: any non-empty token). Invalid tokens get 401. */
  acceptToken?: (token: string, service: string) => boolean;
}

interface Route {
  service: ServiceRecord;
  tag?: string;
  path: string;
}

export class ProbeServer {
  readonly requests: ProbeRequest[] = [];
  private server: Server | undefined;
  private port = 0;

  constructor(
    private readonly state: FakeState,
    private readonly faults: FaultPlan,
    private readonly options: ProbeServerOptions,
  ) {}

  async start(): Promise<number> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private route(url: string): Route | undefined {
    const pathname = url.split("?")[0] ?? "";
    const m = /^\/(s|t)\/([^/]+)(\/.*)?$/.exec(pathname);
    if (!m) return undefined;
    const [, kind, host = "", rest] = m;
    const path = (rest ?? "/") + (url.includes("?") ? url.slice(url.indexOf("?")) : "");
    if (kind === "s") {
      const service = this.state.serviceBySlug(host);
      return service ? { service, path } : undefined;
    }
    for (const service of this.state.services.values()) {
      for (const target of service.serving) {
        if (target.tag && `${target.tag}---${service.probeSlug}` === host) return { service, tag: target.tag, path };
      }
    }
    return undefined;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "/";
    const record: ProbeRequest = {
      method: req.method ?? "GET",
      url,
      path: url,
      at: new Date(),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    this.requests.push(record);
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
      res.end(body);
    };
    const route = this.route(url);
    if (!route) return reply(404, "404 Page not found");
    const { service, tag, path } = route;
    Object.assign(record, { service: service.ref.id, path, ...(tag ? { tag } : {}) });

    if (this.options.auth !== "none" && !service.resource.invokerIamDisabled && !isPublic(service.policy)) {
      const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
      if (!token) return reply(403, "Error: Forbidden\nYour client does not have permission to get URL from this server.");
      if (this.options.auth === "id-token") {
        const audience = idTokenClaims(token)?.aud;
        if (typeof audience === "string") record.audience = audience;
        const problem = idTokenProblem(token, acceptedAudiences(service, tag, this.baseUrl));
        if (problem) {
          return reply(401, `Error: Unauthorized\nYour client does not have permission to the requested URL ${path}.\nFake Cloud Run: ${problem}`, {
            "www-authenticate": 'Bearer error="invalid_token" error_description="The access token could not be verified"',
          });
        }
      }
      const accept = this.options.acceptToken ?? (() => true);
      if (!accept(token, service.ref.id)) return reply(401, "Error: Unauthorized\nYour client does not have permission to the requested URL.");
    }

    const revisionId = tag
      ? service.serving.find((t) => t.tag === tag)?.revision
      : pickRevision(service.serving, service.routeCounter++);
    const revision = revisionId ? service.revisions.get(revisionId) : undefined;
    if (!revision) return reply(503, "Service Unavailable");
    record.revision = revision.id;

    const ctx: ProbeContext = { service: service.ref.id, revision: revision.id, image: revision.image, path, ...(tag ? { tag } : {}) };
    const behaviour: ProbeBehaviour = this.faults.probeFor(ctx) ?? {};
    const respond = () => {
      if (res.destroyed) return;
      if (behaviour.handler) {
        record.status = undefined;
        res.on("finish", () => (record.status = res.statusCode));
        behaviour.handler(req, res, ctx);
        return;
      }
      const body = behaviour.body ?? JSON.stringify({ service: ctx.service, revision: ctx.revision, image: ctx.image, path, tag: tag ?? null });
      reply(behaviour.status ?? 200, body, {
        ...(behaviour.body === undefined ? { "content-type": "application/json" } : {}),
        "x-fake-cloud-run-revision": revision.id,
        ...behaviour.headers,
      });
    };
    if (behaviour.hang) return;
    if (behaviour.delayMs && behaviour.delayMs > 0) setTimeout(respond, behaviour.delayMs);
    else respond();
  }
}

/** Audiences Cloud Run accepts for `service`: its URLs, custom audiences, and on a tag URL that URL. */
function acceptedAudiences(service: ServiceRecord, tag: string | undefined, probeBase: string): string[] {
  const r = service.resource;
  const urls = [r.uri ?? "", ...(r.urls ?? []), ...(r.customAudiences ?? []), ...(tag ? [tagUrl(probeBase, tag, service)] : [])];
  return [...new Set(urls.filter((u) => u !== ""))];
}
