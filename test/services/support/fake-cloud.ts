/**
 * The release engine pointed at the in-repo Cloud Run Admin v2 fake: a real GoogleCloudRunGateway
 * (official @google-cloud/run clients over gRPC), catalog specs, and helpers to read the fake's
 * traffic back.
 */
import { OAuth2Client } from "google-auth-library";
import { type ClientOptions, type GatewayOptions, GoogleCloudRunGateway } from "../../../ci/src/gcp/cloud-run.js";
import { type FakeCloudRun, type FakeCloudRunOptions, startFakeCloudRun } from "../../fakes/cloud-run/index.js";

export const PROJECT = "test-project";
export const REGION = "us-central1";
export const PARENT = `projects/${PROJECT}/locations/${REGION}`;
export const FAST_RETRY: GatewayOptions = { baseDelayMs: 5, maxDelayMs: 20, pollIntervalMs: 10 };

export const serviceName = (id: string): string => `${PARENT}/services/${id}`;

/** An auth client holding a fixed, unexpired access token (no network). */
export function fixedTokenAuthClient(token = "ya29.release-tests"): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return client;
}

export interface FakeCloud {
  fake: FakeCloudRun;
  gateway: GoogleCloudRunGateway;
  close(): Promise<void>;
}

export async function startFakeCloud(options: FakeCloudRunOptions = {}, retry: GatewayOptions = FAST_RETRY): Promise<FakeCloud> {
  const fake = await startFakeCloudRun(options);
  const gateway = new GoogleCloudRunGateway(fake.clientOptions(fixedTokenAuthClient()) as ClientOptions, retry);
  return {
    fake,
    gateway,
    async close() {
      await gateway.close();
      await fake.close();
    },
  };
}

/** A comparable view of a traffic list: "REVISION name percent tag" / "LATEST percent tag", sorted. */
export interface TrafficView {
  type: "LATEST" | "REVISION";
  revision?: string;
  percent: number;
  tag?: string;
}

function typeOf(type: unknown): "LATEST" | "REVISION" {
  return type === "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" || type === 1 ? "LATEST" : "REVISION";
}

export function trafficView(targets: ReadonlyArray<{ type?: unknown; revision?: string | null; percent?: number | null; tag?: string | null }> | null | undefined): TrafficView[] {
  return (targets ?? [])
    .map((t) => {
      const view: TrafficView = { type: typeOf(t.type), percent: t.percent ?? 0 };
      if (view.type === "REVISION" && t.revision) view.revision = t.revision.split("/").pop();
      if (t.tag) view.tag = t.tag;
      return view;
    })
    .sort((a, b) => `${a.type}${a.revision ?? ""}${a.tag ?? ""}`.localeCompare(`${b.type}${b.revision ?? ""}${b.tag ?? ""}`));
}

/** The fake's stored desired traffic of a service. */
export const storedTraffic = (fake: FakeCloudRun, id: string): TrafficView[] => trafficView(fake.service(serviceName(id)).resource.traffic);

/** Which revision actually serves what share (and tag), as the fake routes requests. */
export function servingView(fake: FakeCloudRun, id: string): Array<{ revision: string; percent: number; tag?: string }> {
  return fake
    .service(serviceName(id))
    .serving.map((s) => ({ revision: s.revision, percent: s.percent, ...(s.tag ? { tag: s.tag } : {}) }))
    .sort((a, b) => `${a.revision}${a.tag ?? ""}`.localeCompare(`${b.revision}${b.tag ?? ""}`));
}
