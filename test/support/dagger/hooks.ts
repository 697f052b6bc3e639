// Vitest hooks for a test file that runs code against one fake Dagger session.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startFakeDaggerSession, type FakeDaggerSession, type FakeDaggerSessionOptions } from "./session.js";

/**
 * Registers the hooks of a test file sharing one fake session: starts it (with `options`) before
 * the file's tests, closes it after them, and resets it before each test, then runs `prepare` on
 * the fresh session (e.g. to script execs every test needs). Returns the accessor tests read the
 * session by; it throws outside tests and hooks, where no session exists.
 */
export function useFakeDaggerSession(
  options: FakeDaggerSessionOptions = {},
  prepare?: (session: FakeDaggerSession) => void,
): () => FakeDaggerSession {
  let started: FakeDaggerSession | undefined;
  const session = (): FakeDaggerSession => {
    if (!started) throw new Error("useFakeDaggerSession: the session exists only inside tests and hooks (it starts in beforeAll)");
    return started;
  };
  beforeAll(async () => {
    started = await startFakeDaggerSession(options);
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  beforeEach(() => {
    session().reset();
    prepare?.(session());
  });
  return session;
}
