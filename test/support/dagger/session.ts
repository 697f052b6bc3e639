// A fake Dagger engine session for running module code in-process: an HTTP server speaking the
// GraphQL the TypeScript SDK 0.21.9 sends, wired into the SDK's global `dag` client.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { resolve } from "node:path";
import { connection, dag, GraphQLClient, type Directory, type DirectoryID, type File, type FileID } from "@dagger.io/dagger";
import { parse } from "graphql";
import { decodeId, encodeId, isObjectRef, type ObjectRef, type Step } from "./chain.js";
import type { ExecCall, ExecResult } from "./container.js";
import { Evaluator, type ImageFiles } from "./evaluate.js";
import { Resolver, type LeafCall } from "./resolver.js";
import { sdkSchema } from "./schema.js";
import { filePaths } from "./tree.js";

export interface RecordedQuery {
  query: string;
  variables: Record<string, unknown>;
}

/** An exec the fake evaluated, with the container it ran in and the scripted result. */
export interface ExecRecord extends ExecCall {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type ExecHandler = (exec: ExecCall) => ExecResult | undefined;

export interface PublishRecord {
  address: string;
  /** The reference publish returned: address@sha256:<digest>. */
  ref: string;
  /** The published container's chain. */
  chain: Step[];
}

export type ObjectLike = string | ObjectRef | { id(): Promise<string> };

export interface FakeDaggerSessionOptions {
  /**
   * Files that images hold, since the fake pulls no image: address (exactly as the module passes
   * it to `Container.from`, tag and digest included) -> absolute path -> contents. A container
   * started `from` such an address has those files, so `container.from(address).file(path)` and
   * execs reading them work. Kept across `reset()`. Any other image starts empty.
   */
  imageFiles?: ImageFiles;
}

export interface FakeDaggerSession {
  readonly port: number;
  /** Every document the SDK sent (since start or the last reset). */
  readonly queries: RecordedQuery[];
  /** A Directory backed by a real folder on disk (read like `dag.host().directory(path)`). */
  directory(realPath: string): Directory;
  /** A File backed by a real file on disk. */
  file(realPath: string): File;
  /** Scripts exec results; handlers run in registration order, the first non-undefined result wins. */
  onExec(handler: ExecHandler): void;
  /** Every leaf the SDK requested (stdout, publish, entries, export...), in order. */
  leaves(): LeafCall[];
  /** Every exec evaluated, in order. */
  execs(): ExecRecord[];
  published(): PublishRecord[];
  /** Every setSecret the SDK sent: name and plaintext. */
  secrets(): { name: string; plaintext: string }[];
  /** Relative paths of the files a Directory (ID, chain or SDK object) contains. */
  visibleFiles(dir: ObjectLike): Promise<string[]>;
  /** The chain behind an ID or SDK object. */
  chainOf(obj: ObjectLike): Promise<ObjectRef>;
  /** Runs `fn` inside the SDK's own `connection()` (the path the module runtime takes). */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Clears recordings, exec handlers and cached exec results. */
  reset(): void;
  close(): Promise<void>;
}

function hostChain(path: string, type: "Directory" | "File"): Step[] {
  return [
    { field: "host", args: {}, type: "Host" },
    { field: type === "Directory" ? "directory" : "file", args: { path: resolve(path) }, type },
  ];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function attachGlobalClient(port: number, token: string): void {
  const client = new GraphQLClient(`http://127.0.0.1:${port}/query`, {
    headers: { Authorization: "Basic " + Buffer.from(token + ":").toString("base64") },
  });
  // `dag` is `new Client()` over the SDK's globalConnection; connection() sets it the same way.
  (dag as unknown as { _ctx: { _connection: { setGQLClient(c: GraphQLClient): void } } })._ctx._connection.setGQLClient(client);
}

export async function startFakeDaggerSession(options: FakeDaggerSessionOptions = {}): Promise<FakeDaggerSession> {
  const token = randomBytes(16).toString("hex");
  const queries: RecordedQuery[] = [];
  const leafCalls: LeafCall[] = [];
  const execRecords: ExecRecord[] = [];
  const secretCalls: { name: string; plaintext: string }[] = [];
  let handlers: ExecHandler[] = [];
  const evaluator = new Evaluator((call) => {
    let result: ExecResult | undefined;
    for (const h of handlers) {
      result = h(call);
      if (result !== undefined) break;
    }
    execRecords.push({ ...call, exitCode: result?.exitCode ?? 0, stdout: result?.stdout ?? "", stderr: result?.stderr ?? "" });
    return result;
  }, options.imageFiles);
  const resolver = new Resolver(sdkSchema(), evaluator);
  const expected = "Basic " + Buffer.from(token + ":").toString("base64");

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== expected) return reply(401, { errors: [{ message: "unauthorized" }] });
    if (req.method !== "POST" || req.url !== "/query") return reply(404, { errors: [{ message: "not found" }] });
    const body = JSON.parse(await readBody(req)) as { query: string; variables?: Record<string, unknown> };
    const variables = body.variables ?? {};
    queries.push({ query: body.query, variables });
    let doc;
    try {
      doc = parse(body.query);
    } catch (e) {
      return reply(200, { data: null, errors: [{ message: (e as Error).message }] });
    }
    const outcome = resolver.execute(doc, variables);
    leafCalls.push(...outcome.leaves);
    for (const step of outcome.rootSteps) {
      if (step.field === "setSecret") {
        secretCalls.push({ name: String(step.args["name"]), plaintext: String(step.args["plaintext"]) });
      }
    }
    reply(200, outcome.errors ? { data: outcome.data, errors: outcome.errors } : { data: outcome.data });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ message: `fake dagger session crashed: ${(e as Error).stack}` }] }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake dagger session: no port");
  const port = address.port;
  process.env["DAGGER_SESSION_PORT"] = String(port);
  process.env["DAGGER_SESSION_TOKEN"] = token;
  attachGlobalClient(port, token);

  const chainOf = async (obj: ObjectLike): Promise<ObjectRef> => {
    if (isObjectRef(obj)) return obj;
    const id = typeof obj === "string" ? obj : await obj.id();
    return decodeId(id);
  };

  return {
    port,
    queries,
    directory: (p) => dag.loadDirectoryFromID(encodeId({ $type: "Directory", chain: hostChain(p, "Directory") }) as DirectoryID),
    file: (p) => dag.loadFileFromID(encodeId({ $type: "File", chain: hostChain(p, "File") }) as FileID),
    onExec: (h) => void handlers.push(h),
    leaves: () => [...leafCalls],
    execs: () => [...execRecords],
    published: () =>
      leafCalls
        .filter((l) => l.on === "Container" && l.field === "publish" && l.error === undefined)
        .map((l) => ({ address: String(l.args["address"]), ref: String(l.result), chain: l.chain })),
    secrets: () => [...secretCalls],
    visibleFiles: async (dir) => filePaths(evaluator.tree(await chainOf(dir))),
    chainOf,
    run: async (fn) => {
      let result: Awaited<ReturnType<typeof fn>> | undefined;
      try {
        await connection(async () => {
          result = await fn();
        });
      } finally {
        attachGlobalClient(port, token);
      }
      return result as Awaited<ReturnType<typeof fn>>;
    },
    reset: () => {
      queries.length = 0;
      leafCalls.length = 0;
      execRecords.length = 0;
      secretCalls.length = 0;
      handlers = [];
      evaluator.reset();
    },
    close: () => new Promise<void>((ok, fail) => server.close((e) => (e ? fail(e) : ok()))),
  };
}
