import type { FrontDefinition } from "../definition.js";
import { startMockFront } from "./index.js";
import type { MockFrontOptions } from "./index.js";

const defaults = { region: "mock-seoul", zone: "mock-seoul-a" };

/** The mock front for the registry. The MOCK cloud checks no secret: `mockName` is the account. */
export const frontDefinition: FrontDefinition<Omit<MockFrontOptions, "world" | "port">> = {
  provider: "MOCK",
  name: "mock",
  description: "the world's MOCK cloud as JSON calls, for driver-mock in another process",
  defaults,
  async start(world, { account, port, credential: _fixed, ...options }) {
    const front = await startMockFront({ ...options, world, port });
    return {
      provider: "MOCK",
      name: "mock",
      endpoint: front.url,
      account,
      credential: { mockName: account },
      ...defaults,
      usage: "driver-mock remote mode: createMockDriver({ endpoint: <this URL> }); the connection endpoint is unused",
      close: () => front.close(),
    };
  },
};
