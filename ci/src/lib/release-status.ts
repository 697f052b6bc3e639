/** How a release ended, for services and jobs alike (their reports, deploy-all's summary). */

export type ReleaseStatus = "created" | "deployed" | "unchanged" | "rolled-back" | "aborted" | "failed" | "planned";
