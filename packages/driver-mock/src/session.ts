import { paginate } from "@cloud-barista/core/driver";
import type { CallContext, IID } from "@cloud-barista/core/driver";
import type { AccountRegion, ListPage } from "@cloud-barista/emulator";
import type { MockApiName } from "./apis.js";
import { toBaristaError } from "./errors.js";
import type { WorldGate } from "./remote-gate.js";

/** What every handler of one connection shares: the world, the account (mockName) and the place. */
export interface MockSessionOptions {
  /** The world in-process, or a gate to a world elsewhere (remote mode). */
  world: WorldGate;
  account: string;
  region: string;
  zone?: string | undefined;
  pageSize: number;
}

export interface CallOptions {
  /** Which images the call is about, for its errors: the world calls both kinds "image". */
  images?: "image" | "myImage" | undefined;
}

export class MockSession {
  readonly world: WorldGate;
  readonly account: string;
  readonly region: string;
  readonly zone: string | undefined;
  readonly pageSize: number;

  constructor(options: MockSessionOptions) {
    this.world = options.world;
    this.account = options.account;
    this.region = options.region;
    this.zone = options.zone;
    this.pageSize = options.pageSize;
  }

  /**
   * One native call: through the runtime's `ctx.call` (retries, call history) and the world's gate
   * (latency, rate limits, faults), with world errors mapped to BaristaErrors.
   */
  call<T>(
    ctx: CallContext,
    api: MockApiName,
    fn: (cloud: AccountRegion, gate?: { failsLater: boolean }) => T | Promise<T>,
    options: CallOptions = {},
  ): Promise<T> {
    const target = { provider: "MOCK", account: this.account, region: this.region, api };
    return ctx.call(api, async (abortSignal) => {
      try {
        return await this.world.call(target, fn, { abortSignal });
      } catch (error) {
        throw toBaristaError(error, api, options.images);
      }
    });
  }

  /** Follows a world listing page by page (one native call per page), mapping each item. */
  list<T, V>(
    ctx: CallContext,
    api: MockApiName,
    listPage: (cloud: AccountRegion, page: { maxResults: number; nextToken: string | undefined }) => ListPage<T>,
    map: (item: T) => V,
  ): AsyncIterable<V> {
    return paginate(
      async (nextToken) => {
        const page = await this.call(ctx, api, (cloud) => listPage(cloud, { maxResults: this.pageSize, nextToken }));
        return { items: page.items.map(map), nextToken: page.nextToken };
      },
      { provider: "MOCK" },
    );
  }
}

/** The world id an IID names (the mock cloud's ids are its system ids). */
export function idOf(iid: IID): string {
  return iid.systemId || iid.nameId;
}

export function iidOf(ref: { id: string; name: string }): IID {
  return { nameId: ref.name, systemId: ref.id };
}
