import { defineDriver, resourceTypes } from "@cloud-barista/core/driver";
import type { CloudDriver, ConnectionInfo, SharedDriverOptions } from "@cloud-barista/core/driver";
import { defaultCatalogs } from "@cloud-barista/emulator";
import type { ProviderCatalog, World } from "@cloud-barista/emulator";
import { mockApis } from "./apis.js";
import { invalid } from "./errors.js";
import {
  createImageHandler,
  createPriceHandler,
  createRegionZoneHandler,
  createSpecHandler,
} from "./handlers/catalog.js";
import { createClusterHandler } from "./handlers/cluster.js";
import { createDiskHandler } from "./handlers/disk.js";
import { createKeyPairHandler } from "./handlers/key-pair.js";
import { createMyImageHandler } from "./handlers/my-image.js";
import { createNlbHandler } from "./handlers/nlb.js";
import { createQuotaHandler } from "./handlers/quota.js";
import { createSecurityGroupHandler } from "./handlers/security-group.js";
import { createTagHandler } from "./handlers/tag.js";
import { createVmHandler } from "./handlers/vm.js";
import { createVpcHandler } from "./handlers/vpc.js";
import { RemoteWorldGate } from "./remote-gate.js";
import type { WorldGate } from "./remote-gate.js";
import { MockSession } from "./session.js";

export interface MockDriverOptions extends Omit<SharedDriverOptions, "transport"> {
  /** The world whose MOCK provider this driver talks to, in-process. */
  world: World;
}

/**
 * Remote mode: the world lives in another process behind the emulator's mock front
 * (`startMockFront`), e.g. so a test can kill the process using the SDK while the cloud lives on.
 */
export interface RemoteMockDriverOptions extends Omit<SharedDriverOptions, "transport"> {
  /** Base URL of the mock front, e.g. "http://127.0.0.1:41234". */
  endpoint: string;
  /** The MOCK catalog the remote world uses (naming rules, regions); default: the built-in one. */
  catalog?: ProviderCatalog;
}

/** The driver's version, reported to the runtime. */
export const mockDriverVersion = "0.1.0";

/**
 * A driver for the emulator world's MOCK cloud. Credential key `mockName` (required) names the
 * world account, so each mockName is an isolated cloud; connections take no endpoint. Given
 * `world`, it calls the world in-process; given `endpoint`, it calls a mock front over HTTP (then
 * without the quota handler: the front serves the world's resource services only). Pages are small
 * by default (5 items), so every list follows page tokens as drivers must on real clouds.
 */
export function createMockDriver(options: MockDriverOptions | RemoteMockDriverOptions): CloudDriver {
  const { world, catalog } = gateOf(options);
  const inProcess = "world" in options;
  return defineDriver<MockSession>({
    provider: "MOCK",
    version: mockDriverVersion,
    credentialKeys: { required: ["mockName"] },
    apis: mockApis,
    options: {
      pageSize: options.pageSize ?? 5,
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    },
    capabilities: {
      unsupportedOperations: [],
      quirks: { vpcCidr: true, zoneBasedControl: true },
      tagResourceTypes: [...resourceTypes],
      // The world keeps AWS's tag rules for every cloud it plays.
      tagRules: { reservedPrefixes: ["aws:"] },
      naming: { maxLength: {}, defaultMaxLength: catalog.naming.maxLength, separator: "-", lowerCase: true },
    },
    open: ({ info, settings }) => new MockSession({ world, ...place(catalog, info), pageSize: settings.pageSize }),
    handlers: {
      regionZone: createRegionZoneHandler,
      image: createImageHandler,
      spec: createSpecHandler,
      price: createPriceHandler,
      quota: inProcess && createQuotaHandler,
      vpc: createVpcHandler,
      securityGroup: createSecurityGroupHandler,
      keyPair: createKeyPairHandler,
      vm: createVmHandler,
      disk: createDiskHandler,
      myImage: createMyImageHandler,
      nlb: createNlbHandler,
      cluster: createClusterHandler,
      tag: createTagHandler,
      orphan: false,
    },
  });
}

function gateOf(options: MockDriverOptions | RemoteMockDriverOptions): { world: WorldGate; catalog: ProviderCatalog } {
  if ("world" in options) return { world: options.world, catalog: options.world.catalog("MOCK") };
  if (typeof options.endpoint !== "string" || !URL.canParse(options.endpoint)) {
    throw invalid("endpoint", "url", "must be the mock front's base URL");
  }
  const catalog = options.catalog ?? defaultCatalogs.find((c) => c.provider === "MOCK");
  if (!catalog) throw invalid("catalog", "required", "no MOCK catalog to take naming rules and regions from");
  return { world: new RemoteWorldGate(options.endpoint), catalog };
}

function place(
  catalog: ProviderCatalog,
  info: ConnectionInfo,
): { account: string; region: string; zone: string | undefined } {
  const mockName = info.credential["mockName"];
  if (typeof mockName !== "string" || mockName.trim() === "") {
    throw invalid("credential.mockName", "required", "is required: it names the mock account");
  }
  const region = catalog.regions.find((r) => r.name === info.region);
  if (!region) throw invalid("region", "unknown-region", `"${info.region}" is not a MOCK region`);
  if (info.zone !== undefined && !region.zones.some((z) => z.name === info.zone)) {
    throw invalid("zone", "unknown-zone", `"${info.zone}" is not a zone of ${region.name}`);
  }
  return { account: mockName, region: region.name, zone: info.zone };
}
