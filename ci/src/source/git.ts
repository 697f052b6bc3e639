/**
 * The commit's short SHA, read from the repository's .git folder in the source Directory
 * (HEAD, loose refs, packed-refs), unless the caller passes one.
 */
import type { Directory } from "@dagger.io/dagger";

export const SHORT_SHA_LENGTH = 7;
const FULL_SHA = /^[0-9a-f]{40}$/;

export function parseHead(head: string): { sha: string } | { ref: string } {
  const text = head.trim();
  if (FULL_SHA.test(text)) return { sha: text };
  const match = /^ref:\s*(\S+)$/.exec(text);
  if (!match) throw new Error(`.git/HEAD is not a commit or a ref: "${text.slice(0, 60)}"`);
  return { ref: match[1]! };
}

export function findPackedRef(packedRefs: string, ref: string): string | undefined {
  for (const line of packedRefs.split("\n")) {
    const [sha, name] = line.trim().split(" ");
    if (name === ref && sha && FULL_SHA.test(sha)) return sha;
  }
  return undefined;
}

export function shortSha(value: string): string {
  const sha = value.trim().toLowerCase();
  if (!/^[0-9a-f]{7,40}$/.test(sha)) {
    throw new Error(`"${value}" is not a git commit SHA; pass --git-sha with 7-40 hex characters (e.g. --git-sha=$(git rev-parse HEAD)).`);
  }
  return sha.slice(0, SHORT_SHA_LENGTH);
}

async function readOptional(dir: Directory, path: string): Promise<string | undefined> {
  try {
    return await dir.file(path).contents();
  } catch {
    return undefined;
  }
}

export async function resolveGitSha(source: Directory, explicit?: string): Promise<string> {
  if (explicit) return shortSha(explicit);
  const missing = "cannot find the commit: --source has no readable .git folder. Pass --git-sha=$(git rev-parse HEAD), or include .git in the source.";
  const head = await readOptional(source, ".git/HEAD");
  if (head === undefined) throw new Error(missing);
  const parsed = parseHead(head);
  if ("sha" in parsed) return shortSha(parsed.sha);
  const loose = await readOptional(source, `.git/${parsed.ref}`);
  if (loose && FULL_SHA.test(loose.trim())) return shortSha(loose);
  const packed = await readOptional(source, ".git/packed-refs");
  const sha = packed ? findPackedRef(packed, parsed.ref) : undefined;
  if (!sha) throw new Error(`.git/HEAD points at ${parsed.ref}, which has no commit yet. Commit first or pass --git-sha.`);
  return shortSha(sha);
}
