/**
 * A Python project environment with uv: dependencies are synced from pyproject.toml + uv.lock
 * BEFORE the source is copied, so the dependency layer survives source edits.
 */
import { dag, type Container, type Directory } from "@dagger.io/dagger";
import { CACHES, IMAGES } from "./images.js";

export const WORKDIR = "/src";

export function uvBase(): Container {
  return dag
    .container()
    .from(IMAGES.python)
    .withFile("/usr/local/bin/uv", dag.container().from(IMAGES.uv).file("/uv"))
    .withMountedCache("/root/.cache/uv", dag.cacheVolume(CACHES.uv))
    .withEnvVariable("UV_LINK_MODE", "copy")
    .withEnvVariable("UV_PROJECT_ENVIRONMENT", "/opt/venv")
    .withEnvVariable("UV_PYTHON_DOWNLOADS", "never")
    .withEnvVariable("PYTHONDONTWRITEBYTECODE", "1")
    .withWorkdir(WORKDIR);
}

/** The project with all dependency groups (dev included) installed and the source in /src. */
export function pythonProject(context: Directory): Container {
  return uvBase()
    .withFile(`${WORKDIR}/pyproject.toml`, context.file("pyproject.toml"))
    .withFile(`${WORKDIR}/uv.lock`, context.file("uv.lock"))
    .withExec(["uv", "sync", "--frozen", "--no-install-project"])
    .withDirectory(WORKDIR, context)
    .withExec(["uv", "sync", "--frozen"]);
}
