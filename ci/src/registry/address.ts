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

export const validTag = (tag: string): boolean => /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag);
