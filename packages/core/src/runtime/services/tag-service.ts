import { invalidArgument, notSupported } from "../../errors.js";
import type { CallContext } from "../../driver/call-context.js";
import type { TagHandler, TagTarget } from "../../driver/handlers.js";
import { resourceTypes } from "../../model/common.js";
import type { ResourceType } from "../../model/common.js";
import type { TagInfo, TaggedResource } from "../../model/tag.js";
import type { ConnectionRuntime } from "../connection-runtime.js";
import { driverIid } from "../connection-runtime.js";
import { IidMapper } from "../iid-mapper.js";
import { ownRecord } from "../../util/own-record.js";
import {
  requestLimits,
  requireFields,
  requireName,
  requireOneOf,
  requireOptions,
  requireTagKey,
  requireTagRules,
  requireTagValue,
} from "../validate.js";
import { operationOptionKeys } from "./options.js";
import type { OperationOptions } from "./options.js";
import { shared } from "./resource-service.js";

/** A tracked resource to tag; subnets and security groups are named within their VPC. */
export interface TagResource {
  resourceType: ResourceType;
  name: string;
  vpcName?: string;
}

const ownedTypes: readonly ResourceType[] = ["subnet", "securityGroup"];

/** A checked resource reference: its type, name and (for types named per VPC) VPC. */
interface CheckedResource {
  resourceType: ResourceType;
  name: string;
  owner: string | undefined;
}

function checkResource(resource: unknown): CheckedResource {
  const fields = requireFields<TagResource>("resource", resource, ["resourceType", "name", "vpcName"]);
  const resourceType = requireOneOf("resource.resourceType", fields.resourceType, resourceTypes);
  const name = requireName("resource.name", fields.name);
  const owner = ownedTypes.includes(resourceType) ? requireName("resource.vpcName", fields.vpcName) : undefined;
  if (owner === undefined && fields.vpcName !== undefined) {
    throw invalidArgument("resource.vpcName", "unknown-field", `${resourceType} names are not per VPC`);
  }
  return { resourceType, name, owner };
}

/** Tag keys are 1-128 characters; "__proto__", "constructor" and "toString" are keys like any other. */
function checkTag(tag: unknown): TagInfo {
  const fields = requireFields<TagInfo>("tag", tag, ["key", "value"]);
  return { key: requireTagKey("tag.key", fields.key), value: requireTagValue("tag.value", fields.value) };
}

/** Tags on a connection's resources, addressed by resource type and name (`connection.tag`). */
export class TagService {
  readonly #rt: ConnectionRuntime;

  constructor(rt: ConnectionRuntime) {
    this.#rt = rt;
  }

  /** Adds (or overwrites) one tag on a resource. */
  async add(resource: TagResource, tag: TagInfo, options: OperationOptions = {}): Promise<TagInfo> {
    const target = checkResource(resource);
    const checked = checkTag(tag);
    requireOptions(options, operationOptionKeys);
    requireTagRules("tag.key", checked.key, checked.value, this.#rt.driver.capabilities.tagRules);
    return this.#withTarget("tag.add", target, options, (t, ctx) =>
      this.#handler().then((h) => h.add(t, checked, ctx)),
    );
  }

  /** Every tag of a resource. */
  async list(resource: TagResource, options: OperationOptions = {}): Promise<TagInfo[]> {
    const target = checkResource(resource);
    requireOptions(options, operationOptionKeys);
    return this.#withTarget("tag.list", target, options, (t, ctx) => this.#handler().then((h) => h.list(t, ctx)));
  }

  /** One tag of a resource by key; NotFound if absent. */
  async get(resource: TagResource, key: string, options: OperationOptions = {}): Promise<TagInfo> {
    const target = checkResource(resource);
    requireTagKey("key", key);
    requireOptions(options, operationOptionKeys);
    return this.#withTarget("tag.get", target, options, (t, ctx) => this.#handler().then((h) => h.get(t, key, ctx)));
  }

  /** Removes one tag from a resource. */
  async remove(resource: TagResource, key: string, options: OperationOptions = {}): Promise<void> {
    const target = checkResource(resource);
    requireTagKey("key", key);
    requireOptions(options, operationOptionKeys);
    requireTagRules("key", key, undefined, this.#rt.driver.capabilities.tagRules);
    return this.#withTarget("tag.remove", target, options, (t, ctx) =>
      this.#handler().then((h) => h.remove(t, key, ctx)),
    );
  }

  /** Resources of one type (or all) carrying a tag whose key or value contains `keyword` ("" = any). */
  async *find(
    resourceType: ResourceType | "all",
    keyword: string,
    options: OperationOptions = {},
  ): AsyncGenerator<TaggedResource> {
    const type = requireOneOf("resourceType", resourceType, [...resourceTypes, "all"]);
    if (typeof keyword !== "string") {
      throw invalidArgument("keyword", keyword === undefined ? "required" : "type", "must be a string");
    }
    if (keyword.length > requestLimits.tagValueLength) {
      throw invalidArgument("keyword", "max-length", `must have at most ${requestLimits.tagValueLength} characters`);
    }
    requireOptions(options, operationOptionKeys);
    if (type !== "all") this.#checkTaggable(type);
    const ctx = await this.#rt.context("tag", undefined, options.abortSignal);
    const mapper = new IidMapper(this.#rt);
    const handler = await this.#handler();
    for await (const found of this.#rt.redactedEach(handler.find(type, keyword, ctx), options.abortSignal)) {
      yield { ...found, tags: ownRecord(found.tags), iid: await mapper.user(found.resourceType, found.iid) };
    }
  }

  #handler(): Promise<TagHandler> {
    return this.#rt.handler("tag");
  }

  #checkTaggable(type: ResourceType): void {
    if (!this.#rt.driver.capabilities.tagResourceTypes.includes(type)) {
      throw notSupported(this.#rt.provider, `tags on ${type}`);
    }
  }

  /** Tag calls hold the resource shared: tags change, the resource must not vanish meanwhile. */
  async #withTarget<T>(
    operation: string,
    { resourceType, name, owner }: CheckedResource,
    options: OperationOptions,
    fn: (target: TagTarget, ctx: CallContext) => Promise<T>,
  ): Promise<T> {
    this.#checkTaggable(resourceType);
    return this.#rt.run(
      {
        operation,
        resourceType,
        resourceName: name,
        locks: [shared(this.#rt.lockKey(resourceType, name, owner))],
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const record = await this.#rt.resolve(resourceType, name, owner);
        return ctx.whenVisible([record.systemId], () => fn({ resourceType, iid: driverIid(record) }, ctx));
      },
    );
  }
}
