import { createIbmDriver, ibmVendorClient } from "@cloud-barista/driver-ibm";
import { axiosRecorder, axiosSender } from "./overhead/axios-replay.js";
import { withDriverBench } from "./overhead/connection.js";
import type { FrontInfo } from "./overhead/connection.js";
import type { IsId } from "./overhead/replay.js";
import { cachedCases, caseMaker, commonCases, drain, runCases } from "./overhead/suite.js";

// Every operation of driver-ibm through the runtime against the same HTTP requests made raw with
// axios (what the driver itself sends with), over HTTP to the emulator's IBM front in another
// process. The raw side replays exactly the requests the runtime made (recorded once per operation
// on the connection's own axios instance, concurrent ones concurrently), with the connection's IAM
// token, so both sides pay the same round trips; what differs is the driver's and the runtime's
// own work.

const bench = "ibm-overhead";

/**
 * IBM's ids: the region's code and a UUID ("r006-0a1b2c3d-...") for resources, a bare UUID for
 * network interfaces and floating IPs.
 */
const isId: IsId = (value) => /^(?:r\d{3}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);

export async function ibmOverheadBench(): Promise<void> {
  // The front's connection endpoint: { iam, vpc (a "{region}" template), catalog, tagging }.
  const options = {
    provider: "IBM",
    driver: () => createIbmDriver(),
    endpoint: (front: FrontInfo) => front.connectionEndpoint,
    specName: "cx2-2x4",
  } as const;
  await withDriverBench(options, async ({ emulator, conn, basis }) => {
    const send = axiosSender();
    const make = caseMaker(axiosRecorder((await ibmVendorClient(conn)).http), send, isId);
    // A raw user's single GET of one VPC resource, with the connection's token (the same token the
    // replayed requests carry).
    const vendor = await ibmVendorClient(conn);
    const headers = { accept: "application/json", authorization: `Bearer ${await vendor.token()}` };
    const query = new URLSearchParams(vendor.vpcQuery).toString();
    const get = (path: string) =>
      send(`GET ${path}`, { method: "GET", url: `${vendor.roots.vpc}/v1${path}?${query}`, headers });
    await runCases(bench, emulator, [
      await make.read("regionZone.list.refresh", () => drain(conn.metadata.regionZones({ refresh: true }))),
      await make.read("price.list.refresh", () => drain(conn.metadata.prices({ refresh: true }))),
      ...(await commonCases(conn, make, basis, 10, {
        maxSamples: 30,
        note: "the runtime side's driver generates an RSA key; the raw side replays the recorded public key",
      })),
      ...cachedCases(conn, basis, {
        image: ["get_image", () => get(`/images/${encodeURIComponent(basis.image)}`)],
        spec: ["get_instance_profile", () => get(`/instance/profiles/${encodeURIComponent(basis.specName)}`)],
      }),
    ]);
  });
}
