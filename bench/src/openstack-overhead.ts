import { createOpenStackDriver, openStackVendorClient } from "@cloud-barista/driver-openstack";
import { axiosRecorder, axiosSender } from "./overhead/axios-replay.js";
import { withDriverBench } from "./overhead/connection.js";
import type { FrontInfo } from "./overhead/connection.js";
import { caseMaker, commonCases, runCases } from "./overhead/suite.js";

// Every operation of driver-openstack through the runtime against the same HTTP requests made
// raw with axios (what the driver itself sends with), over HTTP to the emulator's OpenStack front
// in another process. The raw side replays exactly the requests the runtime made (recorded once
// per operation, concurrent ones concurrently), with the connection's token, so both sides pay the
// same round trips; what differs is the driver's and the runtime's own work.

const bench = "openstack-overhead";

export async function openStackOverheadBench(): Promise<void> {
  const options = {
    provider: "OPENSTACK",
    driver: () => createOpenStackDriver(),
    endpoint: (front: FrontInfo) => front.connectionEndpoint,
    specName: "m1.small",
  } as const;
  await withDriverBench(options, async ({ emulator, conn, basis }) => {
    const make = caseMaker(axiosRecorder((await openStackVendorClient(conn)).http), axiosSender());
    await runCases(bench, emulator, await commonCases(conn, make, basis, 10));
  });
}
