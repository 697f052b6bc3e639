/**
 * The commit's short SHA, read from the repository's .git folder in the source Directory
 * (HEAD, loose refs, packed-refs), unless the caller passes one. Publishing and deploying tag
 * images by it and refuse without it; checks can run with a labelled placeholder instead.
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

/** The commit cannot be known from the source: no .git folder, a worktree's .git file, or no commit yet. */
export class CommitUnknownError extends Error {
  constructor(
    message: string,
    /** Why, in a few words, for the placeholder note. */
    readonly reason: string,
  ) {
    super(message);
    this.name = "CommitUnknownError";
  }
}

const PASS_SHA = "Pass --git-sha=$(git rev-parse HEAD)";

/** Why the source has no readable .git folder: none at all, or a .git FILE (a git worktree or submodule) pointing outside it. */
async function missingGit(source: Directory): Promise<CommitUnknownError> {
  const file = await readOptional(source, ".git");
  const gitdir = file === undefined ? undefined : /^gitdir:\s*(.+)$/m.exec(file)?.[1]?.trim();
  if (gitdir !== undefined) {
    return new CommitUnknownError(
      `cannot find the commit: --source/.git is a file (a git worktree or submodule) pointing at ${gitdir}, which is not in the source. ${PASS_SHA}.`,
      `.git is a worktree/submodule file pointing outside --source (${gitdir})`,
    );
  }
  return new CommitUnknownError(`cannot find the commit: --source has no readable .git folder. ${PASS_SHA}, or include .git in the source.`, ".git not readable in --source");
}

export async function resolveGitSha(source: Directory, explicit?: string): Promise<string> {
  if (explicit) return shortSha(explicit);
  const head = await readOptional(source, ".git/HEAD");
  if (head === undefined) throw await missingGit(source);
  const parsed = parseHead(head);
  if ("sha" in parsed) return shortSha(parsed.sha);
  const loose = await readOptional(source, `.git/${parsed.ref}`);
  if (loose && FULL_SHA.test(loose.trim())) return shortSha(loose);
  const packed = await readOptional(source, ".git/packed-refs");
  const sha = packed ? findPackedRef(packed, parsed.ref) : undefined;
  if (!sha) throw new CommitUnknownError(`.git/HEAD points at ${parsed.ref}, which has no commit yet. Commit first or pass --git-sha.`, `${parsed.ref} has no commit yet`);
  return shortSha(sha);
}

/** What checks build with when the commit is unknown: short-SHA shaped, so every build arg and tag still renders. */
export const PLACEHOLDER_SHA = "0000000";

/** The commit a check runs with: the real one, or the placeholder and why. */
export interface CheckCommit {
  sha: string;
  /** Set when sha is PLACEHOLDER_SHA: the line every report of the run starts with. */
  note?: string;
}

export const placeholderNote = (reason: string): string =>
  `NOTE: commit unknown (${reason}): images were built with the placeholder commit ${PLACEHOLDER_SHA} (no-git). ${PASS_SHA} to build with the real one; publish and deploy refuse without it.`;

/**
 * The commit for checks (verify, dagger check, scan): as resolveGitSha, but an unknown commit
 * gives the labelled placeholder instead of failing. A --git-sha that is not a SHA, or a .git/HEAD
 * that is neither a commit nor a ref, still fails.
 */
export async function resolveCheckCommit(source: Directory, explicit?: string): Promise<CheckCommit> {
  try {
    return { sha: await resolveGitSha(source, explicit) };
  } catch (err) {
    if (err instanceof CommitUnknownError) return { sha: PLACEHOLDER_SHA, note: placeholderNote(err.reason) };
    throw err;
  }
}
