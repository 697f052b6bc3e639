/**
 * Every container image the pipeline runs, pinned by tag AND digest, in one place.
 * Each digest was taken from a public source that pins the same tag (see README "Pinned images").
 * Bump a tag and its digest together.
 */
import type { PythonVersion } from "../catalog/schema.js";

/** One image per supported Python version: a project's lint, tests and pip-audit run on its own version. */
export const PYTHON_IMAGES = {
  "3.10": "python:3.10-slim@sha256:e508a34e5491225a76fbb9e0f43ebde1f691c6a689d096d7510cf7fb17d4ba6f",
  "3.11": "python:3.11-slim@sha256:ae52c5bef62a6bdd42cd1e8dffef86b9cd284bde9427da79839de7a4b983e7ca",
  "3.12": "python:3.12-slim@sha256:78387bc3881b8273120a12ebe6c1ab22b018ccc2c9adf565ae1ac9b536e184ea",
  "3.13": "python:3.13-slim@sha256:7c61056e61ac89e852de05f3dc6fa51a6dd2181797bceed46aa725dd7cb2cd3b",
} as const satisfies Record<PythonVersion, string>;

export const IMAGES = {
  /** Runs bandit and MkDocs (and is the default Python version's image). */
  python: PYTHON_IMAGES["3.12"],
  /** Source of the uv binary copied into the python image. */
  uv: "ghcr.io/astral-sh/uv:0.9.18@sha256:5713fa8217f92b80223bc83aac7db36ec80a84437dbc0d04bbc659cae030d8c9",
  trivy: "aquasec/trivy:0.67.2@sha256:e2b22eac59c02003d8749f5b8d9bd073b62e30fefaef5b7c8371204e0a4b0c08",
  hadolint: "hadolint/hadolint:v2.12.0@sha256:30a8fd2e785ab6176eed53f74769e04f125afb2f74a6c52aef7d463583b6d45e",
  gitleaks: "zricethezav/gitleaks:v8.30.1@sha256:c00b6bd0aeb3071cbcb79009cb16a60dd9e0a7c60e2be9ab65d25e6bc8abbb7f",
  postgres: "postgres:16-alpine@sha256:57c72fd2a128e416c7fcc499958864df5301e940bca0a56f58fddf30ffc07777",
  redis: "redis:7-alpine@sha256:6ab0b6e7381779332f97b8ca76193e45b0756f38d4c0dcda72dbb3c32061ab99",
  mysql: "mysql:8.4@sha256:b3b90af2a6552ae30c266fdb7d5dd55f3afb72404bb78d37fe8a23eb857fd3fb",
} as const;

/** Python tools run with `uv tool run`, pinned by version (uv verifies them against PyPI). */
export const TOOLS = {
  /** With its `sarif` extra (sarif-om, jschema-to-python), which `--format sarif` needs. */
  bandit: "bandit[sarif]==1.9.4",
  pipAudit: "pip-audit==2.10.1",
} as const;

/** Named cache volumes: stable names so every run (laptop or CI) reuses them. */
export const CACHES = {
  uv: "cloud-run-pipeline-uv",
  pip: "cloud-run-pipeline-pip",
  poetry: "cloud-run-pipeline-poetry",
  pdm: "cloud-run-pipeline-pdm",
  trivy: "cloud-run-pipeline-trivy",
} as const;

/** Cloud Run runs linux/amd64. */
export const PLATFORM = "linux/amd64";

/** Default port of each test database engine. */
export const DATABASE_PORTS = { postgres: 5432, redis: 6379, mysql: 3306 } as const;
