// Self-signed TLS material for 127.0.0.1, so the client attaches its bearer token (gRPC only
// sends call credentials over secure channels).
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
  const dir = mkdtempSync(join(tmpdir(), "fake-cloud-run-tls-"));
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
