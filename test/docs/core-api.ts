/**
 * The core Dagger functions the docs chain after one of the module's functions (`docs --site=docs
 * export --path=./site`, `build --service=x as-service --use-entrypoint up --ports=8080:8080`),
 * with the flags each takes on the CLI: a small explicit list, not the whole core API.
 *
 * Source: Dagger 0.21's core API as the pinned SDK (0.21.9) generates it,
 * node_modules/@dagger.io/dagger/dist/src/api/client.gen.d.ts: each entry is a method of the class
 * named by its type, its required flags are the method's positional parameters and its optional
 * flags the keys of its `...Opts` type, in kebab-case as `dagger call` spells them. The test
 * "the core function list matches the SDK's generated core API" reads that file and compares.
 * Add an entry (and nothing else) when the docs chain a function this list lacks.
 */

/** What a core function returns, as far as chaining goes: an object type chains further, a leaf does not. */
export type CoreType = "Container" | "Directory" | "File" | "Service";
export type LeafType = "String" | "Int" | "Void" | "[String]";

export interface CoreFunction {
  /** Flags the CLI requires (the method's positional parameters). */
  required: string[];
  /** Optional flags (the keys of the method's Opts type): boolean ones take no separate value. */
  optional: Record<string, "boolean" | "value">;
  returns: CoreType | LeafType;
}

export const CORE_FUNCTIONS: Record<CoreType, Record<string, CoreFunction>> = {
  Container: {
    "as-service": { required: [], optional: { args: "value", "use-entrypoint": "boolean", "experimental-privileged-nesting": "boolean", "insecure-root-capabilities": "boolean", expand: "boolean", "no-init": "boolean" }, returns: "Service" },
    up: { required: [], optional: { random: "boolean", ports: "value", args: "value", "use-entrypoint": "boolean", "experimental-privileged-nesting": "boolean", "insecure-root-capabilities": "boolean", expand: "boolean", "no-init": "boolean" }, returns: "Void" },
    terminal: { required: [], optional: { cmd: "value", "experimental-privileged-nesting": "boolean", "insecure-root-capabilities": "boolean" }, returns: "Container" },
    stdout: { required: [], optional: {}, returns: "String" },
    stderr: { required: [], optional: {}, returns: "String" },
    "with-exec": { required: ["args"], optional: { "use-entrypoint": "boolean", stdin: "value", "redirect-stdin": "value", "redirect-stdout": "value", "redirect-stderr": "value", expect: "value", "experimental-privileged-nesting": "boolean", "insecure-root-capabilities": "boolean", expand: "boolean", "no-init": "boolean" }, returns: "Container" },
    export: { required: ["path"], optional: { "platform-variants": "value", "forced-compression": "value", "media-types": "value", expand: "boolean" }, returns: "String" },
    publish: { required: ["address"], optional: { "platform-variants": "value", "forced-compression": "value", "media-types": "value", "registry-service": "value" }, returns: "String" },
    file: { required: ["path"], optional: { expand: "boolean" }, returns: "File" },
    directory: { required: ["path"], optional: { expand: "boolean" }, returns: "Directory" },
  },
  Directory: {
    export: { required: ["path"], optional: { wipe: "boolean" }, returns: "String" },
    entries: { required: [], optional: { path: "value" }, returns: "[String]" },
    file: { required: ["path"], optional: {}, returns: "File" },
    directory: { required: ["path"], optional: {}, returns: "Directory" },
    glob: { required: ["pattern"], optional: {}, returns: "[String]" },
    terminal: { required: [], optional: { container: "value", cmd: "value", "experimental-privileged-nesting": "boolean", "insecure-root-capabilities": "boolean" }, returns: "Directory" },
  },
  File: {
    contents: { required: [], optional: { "offset-lines": "value", "limit-lines": "value" }, returns: "String" },
    export: { required: ["path"], optional: { "allow-parent-dir-path": "boolean" }, returns: "String" },
    name: { required: [], optional: {}, returns: "String" },
    size: { required: [], optional: {}, returns: "Int" },
  },
  Service: {
    up: { required: [], optional: { ports: "value", random: "boolean" }, returns: "Void" },
    endpoint: { required: [], optional: { port: "value", scheme: "value" }, returns: "String" },
    hostname: { required: [], optional: {}, returns: "String" },
    terminal: { required: [], optional: { cmd: "value" }, returns: "Service" },
  },
};

export const isCoreType = (type: string): type is CoreType => type in CORE_FUNCTIONS;
