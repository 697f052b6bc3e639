/**
 * Docker builds of services and jobs: the target's own context, linux/amd64, build args with the
 * commit's short SHA.
 */
import type { BuildArg, Container, Directory, Platform } from "@dagger.io/dagger";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";
import { targetContext } from "./context.js";
import { PLATFORM } from "./images.js";

export function buildArgs(target: ServiceSpec | JobSpec, gitSha: string): BuildArg[] {
  const args = { ...target.build.args, GIT_SHA: gitSha };
  return Object.entries(args).map(([name, value]) => ({ name, value }));
}

export function buildImage(source: Directory, target: ServiceSpec | JobSpec, gitSha: string): Container {
  return targetContext(source, target.build.context).dockerBuild({
    dockerfile: target.build.dockerfile,
    target: target.build.target,
    platform: PLATFORM as Platform,
    buildArgs: buildArgs(target, gitSha),
  });
}
