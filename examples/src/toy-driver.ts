// #region toy-driver
import {
  BaristaError,
  defineDriver,
  errorCodeForHttpStatus,
  paginate,
  parseRetryAfter,
  transportFailure,
} from "@cloud-barista/core/driver";
import type {
  ApiTable,
  CallContext,
  CloudDriver,
  SharedDriverOptions,
  VpcHandler,
  VpcInfo,
} from "@cloud-barista/core/driver";

// 1. The API table: every native call the driver makes, as the cloud names it, and how safe it is
//    to send again. The runtime retries by it and records each call under this name.
const apis = {
  ListNetworks: "read",
  GetNetwork: "read",
  CreateNetwork: "not-idempotent",
  DeleteNetwork: "idempotent",
} as const satisfies ApiTable;

interface Network {
  id: string;
  name: string;
  cidr: string;
  subnets: { id: string; name: string; cidr: string }[];
}

// 2. The session: what one connection's handlers share (here an endpoint and a token; usually the
//    vendor SDK's clients), and 3. the one place where the cloud's answers become SDK errors.
class Session {
  readonly endpoint: string;
  readonly token: string;

  constructor(endpoint: string, token: string) {
    this.endpoint = endpoint;
    this.token = token;
  }

  call<T>(ctx: CallContext, api: keyof typeof apis, method: string, path: string, body?: unknown): Promise<T> {
    return ctx.call(api, async (signal) => {
      let response: Response;
      try {
        const headers = { authorization: `Bearer ${this.token}`, "content-type": "application/json" };
        response = await fetch(`${this.endpoint}${path}`, { method, headers, body: JSON.stringify(body), signal });
      } catch (error) {
        throw transportFailure("MOCK", api, error, signal);
      }
      const answer =
        response.status === 204
          ? undefined
          : ((await response.json()) as T & { error?: { code: string; message: string } });
      if (response.ok) return answer as T;
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
      throw new BaristaError(
        errorCodeForHttpStatus(response.status),
        `${api}: ${answer?.error?.message ?? response.status}`,
        {
          provider: "MOCK",
          statusCode: response.status,
          ...(answer?.error ? { nativeCode: answer.error.code } : {}),
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        },
      );
    });
  }
}

// 4. The handlers: translations between the portable model and the cloud's API, nothing more.
const toVpcInfo = (n: Network): VpcInfo => ({
  iid: { nameId: n.name, systemId: n.id },
  ipv4Cidr: n.cidr,
  subnets: n.subnets.map((s) => ({ iid: { nameId: s.name, systemId: s.id }, ipv4Cidr: s.cidr })),
});

function createVpcHandler(cloud: Session): VpcHandler {
  const unsupported = () => Promise.reject(new BaristaError("NotSupported", "subnets are set when a network is made"));
  return {
    async create(request, ctx) {
      const subnets = request.subnets.map((s) => ({ name: s.name, cidr: s.ipv4Cidr }));
      const body = { name: request.name, cidr: request.ipv4Cidr, subnets };
      return toVpcInfo(await cloud.call<Network>(ctx, "CreateNetwork", "POST", "/networks", body));
    },
    get: async (vpc, ctx) =>
      toVpcInfo(await cloud.call<Network>(ctx, "GetNetwork", "GET", `/networks/${vpc.systemId}`)),
    list: (ctx) =>
      paginate(async (token) => {
        const path = `/networks${token ? `?pageToken=${token}` : ""}`;
        const page = await cloud.call<{ networks: Network[]; nextPageToken?: string }>(
          ctx,
          "ListNetworks",
          "GET",
          path,
        );
        return { items: page.networks.map(toVpcInfo), nextToken: page.nextPageToken };
      }),
    delete: async (vpc, ctx) => void (await cloud.call(ctx, "DeleteNetwork", "DELETE", `/networks/${vpc.systemId}`)),
    addSubnet: unsupported,
    removeSubnet: unsupported,
  };
}

// 5. The definition: who the driver is, what it can do, how a connection opens, and one factory
//    per handler (false where the cloud has none). The kit does the rest once for every driver.
export function createToyDriver(options: SharedDriverOptions = {}): CloudDriver {
  return defineDriver<Session, "api">({
    provider: "MOCK",
    version: "0.1.0",
    credentialKeys: { required: ["token"] },
    apis,
    options,
    endpoints: { services: ["api"] },
    capabilities: {
      unsupportedOperations: ["vpc.addSubnet", "vpc.removeSubnet"],
      quirks: { vpcCidr: true, zoneBasedControl: false },
      tagResourceTypes: [],
      naming: { maxLength: {}, defaultMaxLength: 63, separator: "-", lowerCase: true },
    },
    open: ({ info, endpoints }) => new Session(endpoints.api ?? "https://toy.example", info.credential["token"] ?? ""),
    handlers: {
      vpc: createVpcHandler,
      regionZone: false,
      image: false,
      spec: false,
      price: false,
      quota: false,
      securityGroup: false,
      keyPair: false,
      vm: false,
      disk: false,
      myImage: false,
      nlb: false,
      cluster: false,
      tag: false,
      orphan: false,
    },
  });
}
// #endregion
