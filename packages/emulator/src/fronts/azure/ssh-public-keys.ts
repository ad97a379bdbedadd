import type { FrontResponse } from "../http-front.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { KeyPair, Tags } from "../../world/types.js";
import { ArmError, badRequest } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json, pageAcrossRegions } from "./context.js";
import type { ArmContext } from "./context.js";
import { inGroup, subjectOf } from "./resource-ids.js";

const type = "Microsoft.Compute/sshPublicKeys";

interface SshKeyBody {
  location?: unknown;
  tags?: Tags;
  properties?: { publicKey?: unknown };
}

/**
 * A key made by a PUT without `publicKey` already has key material in the world (Azure's has none
 * until generateKeyPair); its public half shows until generateKeyPair replaces it.
 */
function render(key: KeyPair, region: string) {
  return {
    id: key.id,
    name: key.name,
    type,
    location: region,
    tags: key.tags,
    properties: { publicKey: key.publicKey },
  };
}

function regionOf(ctx: ArmContext, id: string): string | undefined {
  return ctx.world.locate({ provider: "AZURE", account: ctx.account }, id)?.region;
}

/** PUT, GET, DELETE .../sshPublicKeys/{name}; POST .../{name}/generateKeyPair; GET lists the group's. */
export async function serveSshPublicKeys(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
  action: string | undefined,
): Promise<FrontResponse> {
  if (name === undefined) {
    if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists SSH public keys.");
    const page = await gate(ctx, group.location, "SshPublicKeys_ListByResourceGroup", () =>
      pageAcrossRegions(ctx, (cloud, options) => {
        const list = cloud.keyPairs.list({ ...options, where: (k) => inGroup(ctx, group, k.id) });
        return { ...list, items: list.items.map((k) => render(k, cloud.region)) };
      }),
    );
    return json(200, page);
  }
  const subject = subjectOf(ctx, group, type, name);
  const { id } = subject;
  if (action !== undefined) {
    if (action.toLowerCase() !== "generatekeypair" || ctx.request.method !== "POST") {
      throw new ArmError(
        404,
        "NotFound",
        `No HTTP resource was found that matches the request URI '${ctx.request.url.pathname}'.`,
      );
    }
    const body = bodyOf<{ encryptionType?: unknown }>(ctx.request);
    const encryption = body.encryptionType ?? "RSA";
    if (encryption !== "RSA" && encryption !== "Ed25519") {
      throw badRequest(
        "InvalidParameter",
        `The value '${JSON.stringify(encryption)}' of encryptionType is not valid.`,
        "encryptionType",
      );
    }
    const region = regionOf(ctx, id) ?? group.location;
    const created = await gate(
      ctx,
      region,
      "SshPublicKeys_GenerateKeyPair",
      (cloud) => cloud.keyPairs.regenerate(id, encryption === "RSA" ? "rsa" : "ed25519"),
      subject,
    );
    return json(200, { privateKey: created.privateKey, publicKey: created.keyPair.publicKey, id });
  }
  switch (ctx.request.method) {
    case "GET": {
      const region = regionOf(ctx, id) ?? group.location;
      const key = await gate(ctx, region, "SshPublicKeys_Get", (cloud) => cloud.keyPairs.get(id), subject);
      return json(200, render(key, region));
    }
    case "PUT": {
      const body = bodyOf<SshKeyBody>(ctx.request);
      const location = checkLocation(ctx, body.location, type);
      const publicKey = body.properties?.publicKey;
      if (publicKey !== undefined && typeof publicKey !== "string") {
        throw badRequest("InvalidParameter", "properties.publicKey must be a string.", "properties.publicKey");
      }
      const existing = regionOf(ctx, id);
      const { key, created } = await gate(
        ctx,
        location,
        "SshPublicKeys_Create",
        async (cloud) => {
          if (existing !== undefined) {
            const current = cloud.keyPairs.get(id);
            if (publicKey !== undefined && publicKey.trim() !== current.publicKey.trim()) {
              throw badRequest(
                "PropertyChangeNotAllowed",
                "Changing property 'publicKey' is not allowed.",
                "publicKey",
              );
            }
            if (body.tags !== undefined) cloud.tags.add(id, body.tags);
            return { key: cloud.keyPairs.get(id), created: false };
          }
          const input = { name, tags: body.tags, resourceGroup: group.name };
          if (publicKey !== undefined) return { key: cloud.keyPairs.import({ ...input, publicKey }), created: true };
          return { key: (await cloud.keyPairs.create(input)).keyPair, created: true };
        },
        subject,
      );
      return json(created ? 201 : 200, render(key, location));
    }
    case "DELETE": {
      const region = regionOf(ctx, id) ?? group.location;
      const found = await gate(
        ctx,
        region,
        "SshPublicKeys_Delete",
        (cloud) => {
          if (cloud.keyPairs.list({ where: (k) => k.id === id }).items.length === 0) return false;
          cloud.keyPairs.delete(id);
          return true;
        },
        subject,
      );
      return { status: found ? 200 : 204 };
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${ctx.request.method}' is not allowed.`);
  }
}
