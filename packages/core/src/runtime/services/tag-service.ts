import { notSupported } from "../../errors.js";
import type { CallContext } from "../../driver/call-context.js";
import type { TagHandler, TagTarget } from "../../driver/handlers.js";
import { resourceTypes } from "../../model/common.js";
import type { ResourceType } from "../../model/common.js";
import type { TagInfo, TaggedResource } from "../../model/tag.js";
import type { ConnectionRuntime } from "../connection-runtime.js";
import { driverIid } from "../connection-runtime.js";
import { IidMapper } from "../iid-mapper.js";
import { requireName, requireOneOf, requireString, requireTags } from "../validate.js";
import type { OperationOptions } from "./options.js";
import { shared } from "./resource-service.js";

/** A tracked resource to tag; subnets and security groups are named within their VPC. */
export interface TagResource {
  resourceType: ResourceType;
  name: string;
  vpcName?: string;
}

const ownedTypes: readonly ResourceType[] = ["subnet", "securityGroup"];

export class TagService {
  readonly #rt: ConnectionRuntime;

  constructor(rt: ConnectionRuntime) {
    this.#rt = rt;
  }

  add(resource: TagResource, tag: TagInfo, options: OperationOptions = {}): Promise<TagInfo> {
    requireString("tag.key", tag.key);
    requireTags("tag", { [tag.key]: tag.value });
    return this.#withTarget("tag.add", resource, options, (target, ctx) =>
      this.#handler().then((h) => h.add(target, tag, ctx)),
    );
  }

  list(resource: TagResource, options: OperationOptions = {}): Promise<TagInfo[]> {
    return this.#withTarget("tag.list", resource, options, (target, ctx) =>
      this.#handler().then((h) => h.list(target, ctx)),
    );
  }

  get(resource: TagResource, key: string, options: OperationOptions = {}): Promise<TagInfo> {
    requireString("key", key);
    return this.#withTarget("tag.get", resource, options, (target, ctx) =>
      this.#handler().then((h) => h.get(target, key, ctx)),
    );
  }

  remove(resource: TagResource, key: string, options: OperationOptions = {}): Promise<void> {
    requireString("key", key);
    return this.#withTarget("tag.remove", resource, options, (target, ctx) =>
      this.#handler().then((h) => h.remove(target, key, ctx)),
    );
  }

  /** Resources of one type (or all) carrying a tag whose key or value contains `keyword` ("" = any). */
  async *find(
    resourceType: ResourceType | "all",
    keyword: string,
    options: OperationOptions = {},
  ): AsyncGenerator<TaggedResource> {
    if (resourceType !== "all") this.#checkType(resourceType);
    const ctx = await this.#rt.context("tag", undefined, options.abortSignal);
    const mapper = new IidMapper(this.#rt);
    for await (const found of (await this.#handler()).find(resourceType, keyword, ctx)) {
      yield { ...found, iid: await mapper.user(found.resourceType, found.iid) };
    }
  }

  #handler(): Promise<TagHandler> {
    return this.#rt.handler("tag");
  }

  #checkType(type: ResourceType): void {
    requireOneOf("resourceType", type, resourceTypes);
    if (!this.#rt.driver.capabilities.tagResourceTypes.includes(type)) {
      throw notSupported(this.#rt.provider, `tags on ${type}`);
    }
  }

  /** Tag calls hold the resource shared: tags change, the resource must not vanish meanwhile. */
  async #withTarget<T>(
    operation: string,
    resource: TagResource,
    options: OperationOptions,
    fn: (target: TagTarget, ctx: CallContext) => Promise<T>,
  ): Promise<T> {
    this.#checkType(resource.resourceType);
    const name = requireName("name", resource.name);
    const owner = ownedTypes.includes(resource.resourceType) ? requireName("vpcName", resource.vpcName) : undefined;
    return this.#rt.run(
      {
        operation,
        resourceType: resource.resourceType,
        resourceName: name,
        locks: [shared(this.#rt.lockKey(resource.resourceType, name, owner))],
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const record = await this.#rt.resolve(resource.resourceType, name, owner);
        return ctx.whenVisible([record.systemId], () =>
          fn({ resourceType: resource.resourceType, iid: driverIid(record) }, ctx),
        );
      },
    );
  }
}
