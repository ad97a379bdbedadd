import type { CacheReadOptions } from "../../cache/metadata-cache.js";
import type { HandlerName } from "../../driver/handlers.js";
import type { CallContext } from "../../driver/call-context.js";
import type { MetadataKind } from "../../model/common.js";
import type { ImageInfo } from "../../model/image.js";
import type { PriceInfo } from "../../model/price.js";
import type { QuotaInfo } from "../../model/quota.js";
import type { RegionZoneInfo } from "../../model/region.js";
import type { VmSpecInfo } from "../../model/spec.js";
import { collect } from "../../util/paginate.js";
import type { ConnectionRuntime } from "../connection-runtime.js";
import { requestLimits, requireOptions, requireString } from "../validate.js";
import { operationOptionKeys } from "./options.js";
import type { OperationOptions } from "./options.js";

export interface MetadataOptions extends OperationOptions, CacheReadOptions {}

const metadataOptionKeys = ["abortSignal", "refresh"] as const satisfies readonly (keyof MetadataOptions)[];

/**
 * Catalog reads (regions, images, specs, prices), served through the metadata cache; and quotas,
 * which are read from the cloud every time.
 */
export class MetadataService {
  readonly #rt: ConnectionRuntime;

  constructor(rt: ConnectionRuntime) {
    this.#rt = rt;
  }

  /** The cloud's regions and zones (cached). */
  regionZones(options: MetadataOptions = {}): AsyncGenerator<RegionZoneInfo> {
    return this.#cached("regionZones", "regionZone", options);
  }

  /** The public images of the connection's region (cached). */
  images(options: MetadataOptions = {}): AsyncGenerator<ImageInfo> {
    return this.#cached("images", "image", options);
  }

  /** The VM specs of the connection's region (cached). */
  specs(options: MetadataOptions = {}): AsyncGenerator<VmSpecInfo> {
    return this.#cached("specs", "spec", options);
  }

  /** On-demand Linux prices of the connection's region. */
  prices(options: MetadataOptions = {}): AsyncGenerator<PriceInfo> {
    return this.#cached("prices", "price", options);
  }

  /**
   * The account's quotas with their current use (NotSupported when the driver has no quota
   * handler). Never cached: every create changes them, and a stale "room for 2 more" would let a
   * plan through that the cloud then refuses. One listing is a few native calls.
   */
  async *quotas(options: OperationOptions = {}): AsyncGenerator<QuotaInfo> {
    requireOptions(options, operationOptionKeys);
    const handler = await this.#rt.handler("quota");
    yield* handler.list(await this.#rt.context("quotas", undefined, options.abortSignal));
  }

  /** One image by id: from the cached catalog when there, else from the cloud. */
  async image(id: string, options: MetadataOptions = {}): Promise<ImageInfo> {
    requireString("id", id, requestLimits.idLength);
    requireOptions(options, metadataOptionKeys);
    for await (const image of this.images(options)) if (image.id === id) return image;
    const ctx = await this.#rt.context("images", id, options.abortSignal);
    return (await this.#rt.handler("image")).get(id, ctx);
  }

  /** One VM spec by name; NotFound if the region has none of that name. */
  async spec(name: string, options: MetadataOptions = {}): Promise<VmSpecInfo> {
    requireString("name", name);
    requireOptions(options, metadataOptionKeys);
    for await (const spec of this.specs(options)) if (spec.name === name) return spec;
    const ctx = await this.#rt.context("specs", name, options.abortSignal);
    return (await this.#rt.handler("spec")).get(name, ctx);
  }

  async *#cached<T>(
    kind: MetadataKind,
    handlerName: Extract<HandlerName, "regionZone" | "image" | "spec" | "price">,
    options: MetadataOptions,
  ): AsyncGenerator<T> {
    requireOptions(options, metadataOptionKeys);
    const load = async (): Promise<T[]> => {
      const handler = (await this.#rt.handler(handlerName)) as { list(ctx: CallContext): AsyncIterable<T> };
      return collect(handler.list(await this.#rt.context(kind, undefined, options.abortSignal)));
    };
    yield* await this.#rt.shared.cache.get(this.#rt.name, kind, load, options);
  }
}
