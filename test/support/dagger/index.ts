// The fake Dagger session: run module functions in-process against a recording fake engine.
export { startFakeDaggerSession } from "./session.js";
export type {
  ExecHandler, ExecRecord, FakeDaggerSession, ObjectLike, PublishRecord, RecordedQuery,
} from "./session.js";
export type { ArgValue, ObjectRef, Step } from "./chain.js";
export type {
  CacheMount, ContainerState, DirectoryMount, DockerBuildBase, ExecCall, ExecResult, SecretMount,
} from "./container.js";
export type { LeafCall } from "./resolver.js";
export { matchesPattern, passesFilter } from "./patterns.js";
