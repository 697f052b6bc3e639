// The fake Dagger session: run module functions in-process against a recording fake engine.
export { startFakeDaggerSession } from "./session.js";
export { useFakeDaggerSession } from "./hooks.js";
export type {
  ExecHandler, ExecRecord, FakeDaggerSession, FakeDaggerSessionOptions, ObjectLike, PublishRecord, RecordedQuery,
} from "./session.js";
export type { ImageFiles } from "./evaluate.js";
export type { ArgValue, ObjectRef, Step } from "./chain.js";
export type {
  CacheMount, ContainerState, DirectoryMount, DockerBuildBase, ExecCall, ExecResult, SecretMount,
} from "./container.js";
export type { LeafCall } from "./resolver.js";
export { matchesPattern, passesFilter } from "./patterns.js";
