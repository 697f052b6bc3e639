/**
 * Artifact Registry addresses: REGION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE[:TAG|@DIGEST].
 */
export interface RegistryTarget {
  location: string;
  project: string;
  repository: string;
  image: string;
}

export const registryHost = (location: string): string => `${location}-docker.pkg.dev`;

export const imageRepository = (t: RegistryTarget): string => `${registryHost(t.location)}/${t.project}/${t.repository}/${t.image}`;

const DIGEST = /@(sha256:[a-f0-9]{64})$/;

/** "host/p/r/img:tag@sha256:abc" (what publish returns) -> "host/p/r/img@sha256:abc". */
export function digestReference(published: string, repository: string): string {
  const match = DIGEST.exec(published.trim());
  if (!match) throw new Error(`the registry did not return a digest for ${repository} (got "${published}"); cannot deploy by digest.`);
  return `${repository}@${match[1]}`;
}

/** The digest an image reference is pinned to ("sha256:<64 hex>"), or undefined for a tag-only or malformed reference. */
export function imageDigestOf(image: string | null | undefined): string | undefined {
  return DIGEST.exec((image ?? "").trim())?.[1];
}

/** "sha256:1a2b3c4d5e6f" (12 hex digits): enough to tell digests apart in a table. */
export const shortDigest = (digest: string): string => digest.slice(0, "sha256:".length + 12);

export const validTag = (tag: string): boolean => /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag);
