import * as cs from "@alicloud/cs20151215";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import RPCClient from "@alicloud/pop-core";
import { abortedError } from "@cloud-barista/core/driver";
import type { DriverSettings } from "@cloud-barista/core/driver";
import { alibabaProducts, productVersions } from "./apis.js";
import type { AlibabaProduct, RpcProduct } from "./apis.js";
import type { AlibabaCredential } from "./credentials.js";

// Node's ESM loader hands the CommonJS SDK's `module.exports` as `default`, bundlers (vite) its
// `exports.default`: the client class is one level down in the first case only.
type CsClient = InstanceType<typeof cs.default.default>;
const CsClient = ((cs.default as { default?: typeof cs.default.default }).default ??
  cs.default) as typeof cs.default.default;

/** Where a product is served in a region when the connection names no endpoint. */
export function regionalEndpoint(product: AlibabaProduct, region: string): string {
  return `https://${product}.${region}.aliyuncs.com`;
}

/** pop-core's request options as the driver sets them (httpx's). */
interface RequestOptions {
  method: "POST";
  timeout: number;
  headers: Record<string, string>;
  agent?: unknown;
}

/**
 * The pop-core RPC clients of one connection, one per product, made once: each signs with the
 * connection's AccessKey (HMAC-SHA1, signature v1) and sends form-encoded POSTs (nothing signed in
 * a URL), through the application's agent, after its request hook (RPC v1 signs parameters, not
 * headers, so headers the hook adds go out unsigned). pop-core has no retries of its own.
 */
export class AlibabaClients {
  readonly ecs: RPCClient;
  readonly vpc: RPCClient;
  readonly slb: RPCClient;
  /**
   * Container Service's client (ROA, signed in the Authorization header). Darabonba's HTTP stack
   * takes no agent of the application's and no request hook.
   */
  readonly cs: CsClient;
  readonly #endpoints: Readonly<Record<AlibabaProduct, string>>;
  readonly #settings: DriverSettings;

  constructor(
    credential: AlibabaCredential,
    region: string,
    overrides: Readonly<Partial<Record<AlibabaProduct, string>>>,
    settings: DriverSettings,
  ) {
    this.#settings = settings;
    const endpoints = Object.fromEntries(
      alibabaProducts.map((p) => [p, (overrides[p] ?? regionalEndpoint(p, region)).replace(/\/+$/, "")]),
    ) as Record<AlibabaProduct, string>;
    this.#endpoints = endpoints;
    const client = (product: AlibabaProduct) =>
      new RPCClient({
        endpoint: endpoints[product],
        apiVersion: productVersions[product],
        accessKeyId: credential.accessKeyId,
        accessKeySecret: credential.accessKeySecret,
        ...(credential.securityToken ? { securityToken: credential.securityToken } : {}),
      });
    this.ecs = client("ecs");
    this.vpc = client("vpc");
    this.slb = client("slb");
    const csUrl = new URL(endpoints.cs);
    this.cs = new CsClient(
      new $OpenApiUtil.Config({
        accessKeyId: credential.accessKeyId,
        accessKeySecret: credential.accessKeySecret,
        ...(credential.securityToken ? { securityToken: credential.securityToken } : {}),
        regionId: region,
        endpoint: csUrl.host,
        protocol: csUrl.protocol.replace(":", ""),
        readTimeout: settings.requestTimeoutMs,
        connectTimeout: settings.requestTimeoutMs,
      }),
    );
  }

  /**
   * One Container Service call: `send` runs one SDK method. An abort of `signal` ends the wait at
   * once (the SDK cannot cancel a request; its answer is dropped).
   */
  roa<T>(send: (client: CsClient) => Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(abortedError(signal));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(abortedError(signal));
      signal.addEventListener("abort", onAbort, { once: true });
      send(this.cs).then(
        (answer) => {
          signal.removeEventListener("abort", onAbort);
          resolve(answer);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /**
   * One RPC request: the request hook sees it first, then pop-core signs and sends it. An abort
   * of `signal` ends the wait at once (pop-core cannot cancel a request; its answer is dropped).
   */
  request<T>(
    product: RpcProduct,
    action: string,
    params: Readonly<Record<string, unknown>>,
    signal: AbortSignal,
  ): Promise<T> {
    if (signal.aborted) return Promise.reject(abortedError(signal));
    const endpoint = this.#endpoints[product];
    const { httpAgent, httpsAgent, onRequest } = this.#settings.transport;
    const headers: Record<string, string> = {
      "x-acs-action": action,
      "x-acs-version": productVersions[product],
      "user-agent": "cloud-barista-driver-alibaba",
    };
    onRequest?.({ method: "POST", url: `${endpoint}/`, headers });
    const agent = endpoint.startsWith("https:") ? httpsAgent : httpAgent;
    const options: RequestOptions = {
      method: "POST",
      timeout: this.#settings.requestTimeoutMs,
      headers,
      ...(agent ? { agent } : {}),
    };
    const sent = this[product].request<T>(action, params, { ...options, formatParams: false });
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(abortedError(signal));
      signal.addEventListener("abort", onAbort, { once: true });
      sent.then(
        (answer) => {
          signal.removeEventListener("abort", onAbort);
          resolve(answer);
        },
        (error: Error) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }
}
