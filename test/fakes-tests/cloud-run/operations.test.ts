import { describe, expect, it } from "vitest";
import * as grpc from "@grpc/grpc-js";
import { definitions } from "../../fakes/cloud-run/proto.js";
import { PARENT } from "./clients.js";
import { rejection, useFakeCloudRun } from "./lifecycle.js";

interface RawOperation {
  name: string;
  done: boolean;
  response?: { typeUrl: string };
}

describe("fake Cloud Run: long-running operations", () => {
  const h = useFakeCloudRun();

  async function startCreate() {
    const [op] = await h.run.services.createService({ parent: PARENT, serviceId: "api", service: { template: { containers: [{ image: "img:1" }] } } });
    return op;
  }

  it("serves GetOperation with the Service packed as the response once done", async () => {
    const op = await startCreate();
    await op.promise();
    const [raw] = await h.run.services.getOperation({ name: op.name! } as never);
    expect(raw.done).toBe(true);
    expect(raw.done).toBe(true);
    expect(raw.metadata?.type_url).toBe("type.googleapis.com/google.cloud.run.v2.Service");
    expect(raw.response?.type_url).toBe("type.googleapis.com/google.cloud.run.v2.Service");
  });

  it("lists the operations of a location", async () => {
    const op = await startCreate();
    await op.promise();
    const names: string[] = [];
    for await (const listed of h.run.services.listOperationsAsync({ name: PARENT } as never)) names.push(listed.name ?? "");
    expect(names).toEqual([op.name]);
  });

  it("answers GetOperation for an unknown operation with NOT_FOUND", async () => {
    const err = await rejection(h.run.services.getOperation({ name: `${PARENT}/operations/nope` } as never));
    expect(err.code).toBe(grpc.status.NOT_FOUND);
  });

  it("serves WaitOperation, returning once the operation is done", async () => {
    h.fake.faults.readinessDelayMs = 100;
    const op = await startCreate();
    const Client = grpc.makeGenericClientConstructor(definitions.operations, "Operations");
    const client = new Client(`127.0.0.1:${h.fake.port}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
      WaitOperation(req: object, cb: (err: grpc.ServiceError | null, res: RawOperation) => void): void;
    };
    const waited = await new Promise<RawOperation>((resolve, reject) =>
      client.WaitOperation({ name: op.name, timeout: { seconds: 30 } }, (err, res) => (err ? reject(err) : resolve(res))),
    );
    client.close();
    expect(waited.done).toBe(true);
    expect(waited.name).toBe(op.name);
  });

  it("settles when every pending operation is done", async () => {
    h.fake.faults.readinessDelayMs = 50;
    await startCreate();
    await h.fake.settle();
    expect(h.fake.operations.pending()).toEqual([]);
  });
});
