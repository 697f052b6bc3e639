/**
 * A box for secret material (private keys, tokens, credential files) that never prints itself.
 *
 * `JSON.stringify`, `String(...)`, template literals and `util.inspect` / `console.log` all show
 * "[redacted]", so a CredentialSource can be logged or put in a report by mistake without leaking
 * anything. Only `reveal()` returns the value, and only the code that builds auth clients calls it.
 */
const REDACTED = "[redacted]";

export class SealedSecret<T> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  /** The secret value itself. Call only where it is handed to google-auth-library. */
  reveal(): T {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return REDACTED;
  }
}

/**
 * Removes every occurrence of the given secret strings from a message (e.g. an error description a
 * server sent back), so a message built from outside text can never carry a token or key.
 */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  // Anything shaped like a JWT, a Google access token or a PEM block goes too.
  return out
    .replace(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED)
    .replace(/ya29\.[A-Za-z0-9._-]+/g, REDACTED)
    .replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, REDACTED);
}
