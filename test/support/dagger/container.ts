// The fake's model of a Container: what a chain of Container calls configured, and the
// execs that ran on it. Tests read these through FakeDaggerSession.execs().
import { posix } from "node:path";
import type { ArgValue, ObjectRef, Step } from "./chain.js";
import { emptyTree, filePaths, key, readSource, type Tree } from "./tree.js";

export interface CacheMount {
  path: string;
  /** The key given to dag.cacheVolume(key). */
  key: string;
  sharing?: string;
}

export interface DirectoryMount {
  path: string;
  /** Relative paths of the files the directory holds (after include/exclude). */
  files: string[];
}

export interface SecretMount {
  path: string;
  secret: string;
}

export interface DockerBuildBase {
  /** Files of the build context (relative paths). */
  context: string[];
  dockerfile: string;
  target?: string;
  buildArgs: Record<string, string>;
  secrets: string[];
  platform?: string;
}

export interface ContainerState {
  platform: string;
  /** Address given to `from`, if the container started from an image. */
  from?: string;
  /** Set when the container is the result of Directory.dockerBuild. */
  dockerBuild?: DockerBuildBase;
  env: Record<string, string>;
  workdir: string;
  user?: string;
  entrypoint?: string[];
  defaultArgs?: string[];
  caches: CacheMount[];
  mountedDirectories: DirectoryMount[];
  /** Directories copied in with withDirectory. */
  directories: DirectoryMount[];
  /** Files copied or mounted in (withFile, withNewFile, withMountedFile). */
  files: string[];
  /** Env var name -> secret name (setSecret name, or the URI given to dag.secret). */
  secrets: Record<string, string>;
  mountedSecrets: SecretMount[];
  /** Alias -> the service's chain (not evaluated, services are not started). */
  services: Record<string, ObjectRef>;
  registryAuth: { address: string; username: string; secret: string }[];
  labels: Record<string, string>;
  exposedPorts: number[];
  /** The container filesystem as far as the fake knows it (keys without leading "/"). */
  fs: Tree;
  lastExec?: ExecOutcome;
}

/** The container configuration an exec ran with (a snapshot taken when it ran). */
type ExecContainer = Pick<
  ContainerState,
  | "from" | "dockerBuild" | "platform" | "env" | "workdir" | "user" | "caches" | "mountedDirectories"
  | "directories" | "files" | "secrets" | "mountedSecrets" | "services"
>;

export interface ExecCall extends ExecContainer {
  args: string[];
  /** withExec options as sent (expect, useEntrypoint, stdin, redirectStdout...). */
  opts: Record<string, ArgValue>;
  /** The container chain up to and including this withExec. */
  chain: Step[];
  /** Reads a file of the container filesystem as the fake knows it (absolute or workdir-relative). */
  readFile(path: string): string | undefined;
}

/** What a test's onExec handler may return; every field is optional. */
export interface ExecResult {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  /** Files the command writes: absolute container path -> contents. */
  files?: Record<string, string>;
}

export interface ExecOutcome {
  call: ExecCall;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function newContainer(platform: string): ContainerState {
  return {
    platform,
    env: {},
    workdir: "/",
    caches: [],
    mountedDirectories: [],
    directories: [],
    files: [],
    secrets: {},
    mountedSecrets: [],
    services: {},
    registryAuth: [],
    labels: {},
    exposedPorts: [],
    fs: emptyTree(),
  };
}

export function cloneContainer(s: ContainerState): ContainerState {
  return {
    ...s,
    env: { ...s.env },
    caches: [...s.caches],
    mountedDirectories: [...s.mountedDirectories],
    directories: [...s.directories],
    files: [...s.files],
    secrets: { ...s.secrets },
    mountedSecrets: [...s.mountedSecrets],
    services: { ...s.services },
    registryAuth: [...s.registryAuth],
    labels: { ...s.labels },
    exposedPorts: [...s.exposedPorts],
  };
}

/** Resolves a container path against the workdir, as the engine does. */
export function containerPath(state: ContainerState, path: string): string {
  return posix.resolve(state.workdir, path);
}

export function directoryMount(path: string, tree: Tree): DirectoryMount {
  return { path, files: filePaths(tree) };
}

export function execCall(state: ContainerState, args: string[], opts: Record<string, ArgValue>, chain: Step[]): ExecCall {
  const { fs, workdir } = state;
  return {
    args,
    opts,
    chain,
    from: state.from,
    dockerBuild: state.dockerBuild,
    platform: state.platform,
    env: { ...state.env },
    workdir: state.workdir,
    user: state.user,
    caches: [...state.caches],
    mountedDirectories: [...state.mountedDirectories],
    directories: [...state.directories],
    files: [...state.files],
    secrets: { ...state.secrets },
    mountedSecrets: [...state.mountedSecrets],
    services: { ...state.services },
    readFile: (path) => {
      const source = fs.files.get(key(posix.resolve(workdir, path)));
      return source ? readSource(source).toString("utf8") : undefined;
    },
  };
}
