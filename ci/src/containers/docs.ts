/**
 * MkDocs sites: `mkdocs build --strict` in a pinned Python image with the site's own pinned
 * requirements.txt; the built site is returned as a Directory.
 */
import { dag, type Directory } from "@dagger.io/dagger";
import type { SiteSpec } from "../catalog/schema.js";
import { targetContext } from "./context.js";
import { CACHES, IMAGES } from "./images.js";

const SITE_DIR = "/site";
const OUT_DIR = "/out";

export function buildSite(source: Directory, site: SiteSpec): Directory {
  const context = targetContext(source, site.mkdocs);
  return dag
    .container()
    .from(IMAGES.python)
    .withMountedCache("/root/.cache/pip", dag.cacheVolume(CACHES.pip))
    .withEnvVariable("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    .withWorkdir(SITE_DIR)
    .withFile(`${SITE_DIR}/requirements.txt`, context.file("requirements.txt"))
    .withExec(["pip", "install", "--no-input", "-r", "requirements.txt"])
    .withDirectory(SITE_DIR, context)
    .withExec(["mkdocs", "build", "--strict", "--site-dir", OUT_DIR])
    .directory(OUT_DIR);
}
