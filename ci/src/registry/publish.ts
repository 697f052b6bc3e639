/**
 * Pushes an image to Artifact Registry with a fresh access token per push (registry user
 * "oauth2accesstoken"), tagged with the short SHA and any catalog tags; returns the digest reference.
 */
import { dag, type Container } from "@dagger.io/dagger";
import { withSpan } from "../lib/spans.js";
import { digestReference, registryHost, validTag } from "./address.js";

export const REGISTRY_USER = "oauth2accesstoken";

export interface PublishRequest {
  image: Container;
  /** REGION-docker.pkg.dev/PROJECT/REPO/IMAGE */
  repository: string;
  location: string;
  tags: string[];
  /** Mints an access token; called right before each push (tokens expire, pushes can be slow). */
  accessToken: () => Promise<string>;
}

export interface PublishResult {
  /** repository@sha256:... — what deploys use. */
  digestRef: string;
  /** Every repository:tag pushed. */
  tagged: string[];
}

let tokenCounter = 0;

export async function publishImage(req: PublishRequest): Promise<PublishResult> {
  const tags = [...new Set(req.tags)];
  if (!tags.length) throw new Error(`no tag to push ${req.repository} with: pass at least one tag (the commit's short SHA).`);
  const bad = tags.filter((t) => !validTag(t));
  if (bad.length) throw new Error(`invalid image tag(s) ${bad.join(", ")}: tags are letters, digits, "_", "." and "-", up to 128 characters.`);
  const image = req.repository.split("/").pop() ?? req.repository;
  return withSpan(`publish image ${image}`, async (span) => {
    let digestRef = "";
    const tagged: string[] = [];
    for (const tag of tags) {
      const token = await req.accessToken();
      const secret = dag.setSecret(`artifact-registry-token-${process.pid}-${++tokenCounter}`, token);
      const published = await req.image.withRegistryAuth(registryHost(req.location), REGISTRY_USER, secret).publish(`${req.repository}:${tag}`);
      const ref = digestReference(published, req.repository);
      if (digestRef && ref !== digestRef) throw new Error(`tag ${tag} was pushed as ${ref}, but earlier tags point at ${digestRef}; the image changed during publish.`);
      digestRef = ref;
      tagged.push(`${req.repository}:${tag}`);
      span.event(`pushed ${req.repository}:${tag}`);
    }
    span.set({ "image.digest": digestRef });
    return { digestRef, tagged };
  }, { "image.repository": req.repository, "image.tags": tags });
}
