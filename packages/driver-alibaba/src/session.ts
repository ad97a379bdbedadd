import { randomUUID } from "node:crypto";
import { Memo, paginate } from "@cloud-barista/core/driver";
import type { CallContext, Clock, DriverSettings } from "@cloud-barista/core/driver";
import { actionOf, alibabaApiTable } from "./apis.js";
import type { AlibabaApi } from "./apis.js";
import type { AlibabaClients } from "./clients.js";
import { badAnswer, notFound, provider, toAckError, toBaristaError } from "./errors.js";

/** Settings of one connection that every handler shares. */
export interface AlibabaSettings {
  /** The connection's region ("cn-hangzhou") and zone ("cn-hangzhou-h"), if any. */
  region: string;
  zone: string | undefined;
  /** PageSize of paged Describe calls (ECS takes up to 100, VPC up to 50). */
  pageSize: number;
  /** The login user of VMs (Alibaba's public Linux images log in as root with the key pair). */
  vmUser: string;
  /** InternetMaxBandwidthOut of new VMs in Mbit/s; 0 for none (no public IP). */
  publicBandwidthMbps: number;
}

/** Parameters of an RPC call; undefined values are left out. */
export type Params = Readonly<Record<string, unknown>>;

/** Every RPC answer carries its request id. */
export interface RpcAnswer {
  RequestId?: string;
}

/**
 * How long what DescribeAvailableResource said about a zone is trusted: stock changes, so a
 * sold-out type shows up again within this time.
 */
export const stockTtlMs = 5 * 60_000;

/**
 * How long a key pair's public key is trusted without asking again: a key pair deleted and made
 * again under the same name elsewhere is seen within this time. Deletes through this connection
 * forget it at once.
 */
export const keyFactsTtlMs = 10 * 60_000;

/** What a VM start needs to know of its image, which never changes under an image id. */
export interface ImageFacts {
  windows: boolean;
}

/**
 * What the handlers of one connection share: its pop-core clients and settings, and the one way of
 * calling an action by its API name (through `ctx.call`, one HTTP request per attempt, errors
 * mapped, the request id kept for call history), of following PageNumber or NextToken paging, and
 * the facts Alibaba never changes (a VSwitch's zone).
 */
export class AlibabaSession {
  readonly settings: AlibabaSettings;
  readonly clients: AlibabaClients;
  readonly driverSettings: DriverSettings;
  /** Zones of VSwitches by id (a VSwitch never moves). */
  readonly vswitchZones = new Memo<string>();
  /** DescribeAvailableResource answers by what they asked, for a while. */
  readonly stock: Memo<unknown>;
  /** Public keys (OpenSSH lines) by key pair name, for a while. */
  readonly keyPairs: Memo<string | undefined>;
  /** Image facts by image id. */
  readonly images = new Memo<ImageFacts>();

  constructor(clients: AlibabaClients, settings: AlibabaSettings, driverSettings: DriverSettings, clock: Clock) {
    this.clients = clients;
    this.settings = settings;
    this.driverSettings = driverSettings;
    this.stock = new Memo<unknown>({ clock, ttlMs: stockTtlMs, maxEntries: 500 });
    this.keyPairs = new Memo<string | undefined>({ clock, ttlMs: keyFactsTtlMs, maxEntries: 500 });
  }

  get region(): string {
    return this.settings.region;
  }

  /** One RPC call by its API name; `RegionId` is the connection's unless given. */
  call<T extends RpcAnswer>(ctx: CallContext, api: AlibabaApi, params: Params = {}): Promise<T> {
    return this.#call<T>(ctx, api, params);
  }

  /**
   * A read of one resource by id. Alibaba's Describe calls answer an empty list for an id they do
   * not know: the miss is NotFound inside the call, so call history records it as one.
   */
  async one<A extends RpcAnswer, T>(
    ctx: CallContext,
    api: AlibabaApi,
    params: Params,
    pick: (answer: A) => T | undefined,
    missing: { type: string; id: string },
  ): Promise<T> {
    let found: T | undefined;
    await this.#call<A>(ctx, api, params, (answer) => {
      found = pick(answer);
      if (found === undefined) throw notFound(missing.type, missing.id, this.region);
    });
    return found as T;
  }

  #call<T extends RpcAnswer>(
    ctx: CallContext,
    api: AlibabaApi,
    params: Params,
    check?: (answer: T) => void,
  ): Promise<T> {
    const [product] = alibabaApiTable[api];
    if (product === "cs") throw new Error(`driver bug: ${api} is a ROA call (session.roa)`);
    const sent: Record<string, unknown> = { RegionId: this.region };
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined) delete sent[key];
      else sent[key] = value;
    }
    return ctx.call(
      api,
      async (signal) => {
        try {
          const answer = await this.clients.request<T>(product, actionOf(api), sent, signal);
          check?.(answer);
          return answer;
        } catch (error) {
          throw toBaristaError(error, api, signal);
        }
      },
      { requestIdOf: (answer) => answer.RequestId },
    );
  }

  /**
   * One Container Service (ROA) call by its API name: `send` calls the SDK method; its answer's
   * body is returned, errors mapped.
   */
  roa<T>(ctx: CallContext, api: AlibabaApi, send: (client: AlibabaClients["cs"]) => Promise<{ body?: T }>): Promise<T> {
    return ctx.call(
      api,
      async (signal) => {
        try {
          const answer = await this.clients.roa(send, signal);
          if (answer.body === undefined) throw badAnswer(`${api}: the answer has no body`);
          return answer.body;
        } catch (error) {
          throw toAckError(error, api, signal);
        }
      },
      {
        requestIdOf: (body) => {
          const b = body as { requestId?: unknown; request_id?: unknown } | null;
          const id = b?.requestId ?? b?.request_id;
          return typeof id === "string" ? id : undefined;
        },
      },
    );
  }

  /**
   * A create with a ClientToken: one token per call, the same in each of its retries, so Alibaba
   * answers a repeat with the first attempt's resource.
   */
  create<T extends RpcAnswer>(ctx: CallContext, api: AlibabaApi, params: Params, token?: string): Promise<T> {
    return this.call<T>(ctx, api, { ...params, ClientToken: token ?? randomUUID() });
  }

  /**
   * Follows PageNumber/PageSize paging to the end: until the items seen reach TotalCount (the page
   * size the answer reports may be smaller than the one asked for) or a page comes back empty.
   */
  pages<A extends RpcAnswer & { TotalCount?: number }, T>(
    ctx: CallContext,
    api: AlibabaApi,
    params: Params,
    items: (answer: A) => readonly T[] | undefined,
    pageSize = this.settings.pageSize,
  ): AsyncGenerator<T, void, undefined> {
    return paginate(
      async (token) => {
        // The token carries the page to ask for and how many items came before it.
        const [page = 1, before = 0] = (token ?? "1:0").split(":").map(Number);
        const answer = await this.call<A>(ctx, api, { ...params, PageNumber: page, PageSize: pageSize });
        const got = [...(items(answer) ?? [])];
        const seen = before + got.length;
        const more = got.length > 0 && seen < Number(answer.TotalCount ?? 0);
        return { items: got, nextToken: more ? `${page + 1}:${seen}` : undefined };
      },
      { provider },
    );
  }

  /** Follows NextToken paging to the end. */
  tokenPages<A extends RpcAnswer & { NextToken?: string }, T>(
    ctx: CallContext,
    api: AlibabaApi,
    params: Params,
    items: (answer: A) => readonly T[] | undefined,
    sizeParam: "MaxResults" | undefined = "MaxResults",
  ): AsyncGenerator<T, void, undefined> {
    return paginate(
      async (token) => {
        const answer = await this.call<A>(ctx, api, {
          ...params,
          ...(sizeParam ? { [sizeParam]: this.settings.pageSize } : {}),
          NextToken: token,
        });
        return { items: [...(items(answer) ?? [])], nextToken: answer.NextToken || undefined };
      },
      { provider },
    );
  }
}
