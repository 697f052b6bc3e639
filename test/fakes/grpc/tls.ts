// Self-signed TLS material for 127.0.0.1 and the adapter that lets a google-auth-library client
// supply gRPC call credentials (gRPC sends call credentials, i.e. the bearer token, only over
// secure channels).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

let cached: TlsMaterial | undefined;

/** A one-day self-signed certificate for IP 127.0.0.1, made with the openssl CLI (cached per process). */
export function selfSignedCertificate(): TlsMaterial {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "fake-grpc-tls-"));
  try {
    const keyPath = join(dir, "key.pem");
    const certPath = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-keyout", keyPath, "-out", certPath,
        "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    cached = { cert: readFileSync(certPath), key: readFileSync(keyPath) };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The part of google-auth-library clients a TLS channel needs to attach tokens. */
export interface HeaderSource {
  getRequestHeaders(url?: string): Promise<Headers | Record<string, string>>;
}

/** Adapts a google-auth-library client (Headers or plain object) to grpc's credential interface. */
export function headerAdapter(source: HeaderSource) {
  return {
    async getRequestHeaders(url?: string): Promise<Record<string, string>> {
      const headers = await source.getRequestHeaders(url);
      const out: Record<string, string> = {};
      if (headers instanceof Headers) headers.forEach((value, key) => (out[key] = value));
      else Object.assign(out, headers);
      return out;
    },
  };
}
