// Helpers the fakes' own tests share: a token-bearing auth client and the error a call failed with.
import { OAuth2Client } from "google-auth-library";

/** The token fixedTokenAuthClient() carries unless told another. */
export const ACCESS_TOKEN = "ya29.fake-access-token";

/** An auth client with a fixed, unexpired access token (no network). */
export function fixedTokenAuthClient(token = ACCESS_TOKEN): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return client;
}

export { rejection } from "../support/rejection.js";
