/**
 * Docker builds of services and jobs: the target's own context (Dagger applies its .dockerignore,
 * and <dockerfile>.dockerignore first, as `docker build` does), linux/amd64, the catalog's build
 * args plus the commit under build.commitArg, and the named build secrets.
 */
import type { BuildArg, Container, Directory, Platform, Secret } from "@dagger.io/dagger";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";
import { targetContext } from "./context.js";
import { PLATFORM } from "./images.js";

export function buildArgs(target: ServiceSpec | JobSpec, gitSha: string): BuildArg[] {
  const { args, commitArg } = target.build;
  // The catalog refuses an arg named like commitArg, so nothing the user wrote is replaced here.
  const all = commitArg ? { ...args, [commitArg]: gitSha } : { ...args };
  return Object.entries(all).map(([name, value]) => ({ name, value }));
}

export function buildImage(source: Directory, target: ServiceSpec | JobSpec, gitSha: string, secrets: Secret[] = []): Container {
  return targetContext(source, target.build.context).dockerBuild({
    dockerfile: target.build.dockerfile,
    target: target.build.target,
    platform: PLATFORM as Platform,
    buildArgs: buildArgs(target, gitSha),
    ...(secrets.length ? { secrets } : {}),
  });
}
