import { randomUUID } from "node:crypto";
import { frontFor } from "@cloud-barista/emulator";
import { startEmulator } from "@cloud-barista/emulator/server";

// The emulated clouds for the overhead benchmarks, in a process of their own: the fronts' XML and
// JSON rendering and the world's work do not share the measuring process's event loop, heap or JIT.
// Every lifecycle is instant and nothing is rate limited, so a sample is the HTTP round trip plus
// the latency the parent asks for ({ latencyMs }).

/** What the parent learns once the fronts listen. */
export interface EmulatorReady {
  kind: "ready";
  fronts: Record<
    string,
    {
      endpoint: string;
      connectionEndpoint?: string | Readonly<Record<string, string>>;
      credential: Readonly<Record<string, string>>;
      region: string;
      zone?: string;
      /** The front's self-signed certificate (HTTPS fronts), for the client's TLS options. */
      caCertificate?: string;
    }
  >;
}

const instant = {
  vmBootMs: 0,
  vmStartMs: 0,
  vmStopMs: 0,
  vmRebootMs: 0,
  vmTerminateMs: 0,
  terminatedRetentionMs: 0,
  diskCreateMs: 0,
  diskAttachMs: 0,
  diskDetachMs: 0,
  diskExtendMs: 0,
  diskDeleteMs: 0,
  myImageCreateMs: 0,
  nlbProvisionMs: 0,
  nlbUpdateMs: 0,
  nlbDeleteMs: 0,
  jitterRatio: 0,
};

const emulator = await startEmulator({
  fronts: ["aws", "openstack"],
  world: { rateLimits: false, timing: instant },
});
// Projects get 10 security groups by default: the cycles make and delete many.
emulator.world.quotas.set({ provider: "OPENSTACK" }, { securityGroups: 10_000 });
// Azure on the same world, with its own account: a subscription is a GUID. Its long-running
// operations end at once, as every other lifecycle here.
const azureOptions = { account: randomUUID(), operationMs: 0 };
const azure = await (await frontFor("AZURE")).start(emulator.world, azureOptions);
// GCP likewise, its project its own. Its Operations run 1 ms: an insert or delete is answered
// before it is DONE, as Compute Engine answers them, so both sides of gcp-overhead wait for it
// (one `wait` call, which the front holds until DONE) instead of neither.
const gcpOptions = { account: "bench-project", operationMs: 1 };
const gcp = await (await frontFor("GCP")).start(emulator.world, gcpOptions);
// Alibaba on the same world: its VPCs and VSwitches are Available at once, as every lifecycle here.
const alibabaOptions = { account: "1234567890123456", vpcPendingMs: 0 };
const alibaba = await (await frontFor("ALIBABA")).start(emulator.world, alibabaOptions);
// Tencent on the same world, its account a numeric UIN (the front hands it out for tag changes); its
// CLB tasks end at once with the world's instant load-balancer timings.
const tencent = await (await frontFor("TENCENT")).start(emulator.world, { account: "100000000009" });
// IBM on the same world, its account 32 hex digits: new VPCs, subnets and floating IPs are
// available at once and deleted ones gone at once. Its IAM tokens live a day, so the token the
// raw side replays stays valid for the whole run.
const ibmOptions = { account: "0123456789abcdef0123456789abcdef", pendingMs: 0, deleteMs: 0, tokenTtlMs: 86_400_000 };
const ibm = await (await frontFor("IBM")).start(emulator.world, ibmOptions);
const fronts = [...Object.values(emulator.fronts), azure, gcp, alibaba, tencent, ibm];
const closeAll = () =>
  Promise.all([emulator.close(), azure.close(), gcp.close(), alibaba.close(), tencent.close(), ibm.close()]);

process.on("message", (message: { latencyMs?: number; stop?: boolean }) => {
  if (message.stop) {
    void closeAll().then(() => process.exit(0));
    return;
  }
  if (message.latencyMs !== undefined) {
    emulator.world.latency.baseMs = message.latencyMs;
    process.send?.({ kind: "latency", latencyMs: message.latencyMs });
  }
});
process.on("disconnect", () => void closeAll().then(() => process.exit(0)));

const ready: EmulatorReady = {
  kind: "ready",
  fronts: Object.fromEntries(
    fronts.map((f) => [
      f.provider,
      {
        endpoint: f.endpoint,
        ...(f.connectionEndpoint === undefined ? {} : { connectionEndpoint: f.connectionEndpoint }),
        credential: f.credential,
        region: f.region,
        ...(f.zone === undefined ? {} : { zone: f.zone }),
        ...(f.caCertificate === undefined ? {} : { caCertificate: f.caCertificate }),
      },
    ]),
  ),
};
process.send?.(ready);
