import { describe, expect, it } from "vitest";
import type { CallContext } from "@cloud-barista/core/driver";
import type { OpenStackSession } from "../session.js";
import { decodeTags, metadataTags } from "../tags.js";
import { createTagHandler } from "./tag.js";

// Tag keys are the user's: "__proto__", "constructor" and "toString" must be keys like any other,
// whether they come back as Neutron "key=value" strings or as Nova metadata parsed from JSON.

const protoKeys = ["__proto__", "constructor", "toString"];

/** A plain lookup, as a caller would write it: an inherited property would show here. */
const at = (tags: Record<string, string>, key: string): string | undefined => tags[key];

describe("OpenStack tags with keys that objects inherit", () => {
  it("decodes string tags and metadata into own keys", () => {
    const decoded = decodeTags(["__proto__=a", "constructor=b", "toString", "cb-vpc=net-1"]);
    expect(Object.keys(decoded)).toEqual(protoKeys);
    expect(at(decoded, "__proto__")).toBe("a");
    expect(at(decoded, "toString")).toBe("");
    expect(at(decodeTags([]), "constructor")).toBeUndefined();

    const metadata = metadataTags(JSON.parse('{"__proto__":"a","cb-login-user":"u","valueOf":"v"}') as never);
    expect(Object.keys(metadata)).toEqual(["__proto__", "valueOf"]);
    expect(at(metadata, "__proto__")).toBe("a");
    expect(at(metadataTags({}), "toString")).toBeUndefined();
  });

  it("reads, and refuses to remove, a never-set key such as toString as NotFound", async () => {
    const metadata: Record<string, string> = JSON.parse('{"__proto__":"p","team":"a"}') as Record<string, string>;
    const removed: string[] = [];
    const session = {
      call: (_ctx: unknown, api: string, params: { key?: string }) => {
        if (api === "nova:ListServerMetadata") return Promise.resolve(metadata);
        if (api === "nova:DeleteServerMetadataItem") removed.push(params.key ?? "");
        return Promise.resolve({});
      },
    } as unknown as OpenStackSession;
    const handler = createTagHandler(session);
    const ctx = {} as CallContext; // the fake session takes every call; nothing reads the context
    const target = { resourceType: "vm" as const, iid: { nameId: "web", systemId: "srv-1" } };

    expect(await handler.get(target, "__proto__", ctx)).toEqual({ key: "__proto__", value: "p" });
    for (const key of ["toString", "constructor", "hasOwnProperty"]) {
      await expect(handler.get(target, key, ctx)).rejects.toMatchObject({ code: "NotFound" });
      await expect(handler.remove(target, key, ctx)).rejects.toMatchObject({ code: "NotFound" });
    }
    await handler.remove(target, "__proto__", ctx);
    expect(removed).toEqual(["__proto__"]);
    expect(await handler.list(target, ctx)).toEqual([
      { key: "__proto__", value: "p" },
      { key: "team", value: "a" },
    ]);
  });
});
