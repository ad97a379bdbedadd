import { paginate } from "@cloud-barista/core";
import type { CallContext, Page } from "@cloud-barista/core";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { PricingClient } from "@aws-sdk/client-pricing";
import type { Ec2ApiName, ElbApiName, PricingApiName } from "./api-names.js";
import type { AwsClients } from "./clients.js";
import { readAfterCreate } from "./consistency.js";
import type { RecentCreates } from "./consistency.js";
import { toBaristaError } from "./errors.js";

/** Every SDK output carries the request id in `$metadata`. */
interface MetadataBearer {
  $metadata: { requestId?: string | undefined };
}

export interface CallOptions {
  /** Safe to repeat: reads, deletes, and creates that carry an idempotency token. */
  idempotent?: boolean;
}

/** Settings of one connection that every handler shares. */
export interface AwsSessionSettings {
  region: string;
  zone: string | undefined;
  /** MaxResults of paged Describe calls. */
  pageSize: number;
  /** Owners whose public images the image handler lists. */
  imageOwners: readonly string[];
  /** The login user created on Linux VMs. */
  vmUser: string;
  /** Whether new VMs get a public address. */
  publicIp: boolean;
}

/**
 * What the handlers of one connection share: its SDK clients and settings, and the one way of
 * making a native call (through `ctx.call`, so the runtime retries and records it, with the
 * SDK's errors mapped and the caller's abort signal passed on).
 */
export class AwsSession {
  readonly settings: AwsSessionSettings;
  readonly #clients: AwsClients;
  readonly #recent: RecentCreates;

  constructor(clients: AwsClients, settings: AwsSessionSettings, recent: RecentCreates) {
    this.#clients = clients;
    this.settings = settings;
    this.#recent = recent;
  }

  get region(): string {
    return this.settings.region;
  }

  ec2<T extends MetadataBearer>(
    ctx: CallContext,
    api: Ec2ApiName,
    send: (client: EC2Client, abortSignal: AbortSignal) => Promise<T>,
    options: CallOptions & { region?: string } = {},
  ): Promise<T> {
    return this.#call(ctx, api, (signal) => send(this.#clients.ec2(options.region), signal), options);
  }

  elb<T extends MetadataBearer>(
    ctx: CallContext,
    api: ElbApiName,
    send: (client: ElasticLoadBalancingV2Client, abortSignal: AbortSignal) => Promise<T>,
    options: CallOptions = {},
  ): Promise<T> {
    return this.#call(ctx, api, (signal) => send(this.#clients.elb, signal), options);
  }

  pricing<T extends MetadataBearer>(
    ctx: CallContext,
    api: PricingApiName,
    send: (client: PricingClient, abortSignal: AbortSignal) => Promise<T>,
    options: CallOptions = {},
  ): Promise<T> {
    return this.#call(ctx, api, (signal) => send(this.#clients.pricing, signal), options);
  }

  /** Follows a paged API to the end, one native call per page. */
  pages<T>(fetchPage: (token: string | undefined) => Promise<Page<T>>): AsyncGenerator<T, void, undefined> {
    return paginate(fetchPage, { provider: "AWS" });
  }

  /** Notes ids this connection just created, so that reads of them wait out eventual consistency. */
  created(ctx: CallContext, ...ids: string[]): void {
    const now = ctx.clock.now();
    for (const id of ids) this.#recent.remember(id, now);
  }

  /**
   * Runs a call that names ids this connection may have just created (see `created`): while AWS
   * still answers NotFound for them, the call is repeated within the consistency window.
   */
  whenVisible<T>(ctx: CallContext, ids: readonly string[], call: () => Promise<T>): Promise<T> {
    return readAfterCreate(ctx, this.#recent, ids, call);
  }

  #call<T extends MetadataBearer>(
    ctx: CallContext,
    api: string,
    run: (signal: AbortSignal) => Promise<T>,
    options: CallOptions,
  ): Promise<T> {
    return ctx.call(
      api,
      async (signal) => {
        try {
          return await run(signal);
        } catch (error) {
          throw toBaristaError(error, api, signal);
        }
      },
      { idempotent: options.idempotent ?? false, requestIdOf: (result) => result.$metadata.requestId },
    );
  }
}
