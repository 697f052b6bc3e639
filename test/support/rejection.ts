/**
 * The error a promise rejects with; fails the test when it resolves, or rejects with a non-Error.
 */
export async function rejection<E extends Error = Error & Record<string, any>>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err as E;
    throw new Error(`rejected with a non-Error: ${String(err)}`);
  }
  throw new Error("expected the call to fail, but it succeeded");
}
