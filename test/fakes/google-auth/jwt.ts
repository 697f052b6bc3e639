/** RS256 JWTs with node:crypto: signing (issuers, test keys) and verification (token endpoints). */
import { createSign, createVerify, generateKeyPairSync, type KeyObject } from "node:crypto";

export interface RsaKeyPair {
  privateKeyPem: string;
  publicKey: KeyObject;
}

export function generateRsaKeyPair(): RsaKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey,
  };
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export function signJwt(privateKeyPem: string, payload: Record<string, unknown>, kid?: string): string {
  const header = { alg: "RS256", typ: "JWT", ...(kid ? { kid } : {}) };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = createSign("RSA-SHA256").update(input).sign(privateKeyPem);
  return `${input}.${b64url(signature)}`;
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signedInput: string;
  signature: Buffer;
}

/** Splits and decodes a compact JWT; undefined if it is not one. Does not verify. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as Record<string, unknown>,
      payload: JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Record<string, unknown>,
      signedInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2]!, "base64url"),
    };
  } catch {
    return undefined;
  }
}

export function verifyRs256(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  if (jwt.header["alg"] !== "RS256") return false;
  return createVerify("RSA-SHA256").update(jwt.signedInput).verify(publicKey, jwt.signature);
}
