import type { IID, Inventory, Tags } from "@cloud-barista/core";
import type { KeyValue, SpiderIid } from "./schemas.js";
import { badRequest } from "../http/errors.js";

export const toIid = (iid: IID): SpiderIid => ({ NameId: iid.nameId, SystemId: iid.systemId });

export const emptyIid: SpiderIid = { NameId: "", SystemId: "" };

/** Tags or extras as Spider's [{Key, Value}]. */
export const toKeyValues = (record: Readonly<Record<string, string>> | undefined): KeyValue[] =>
  Object.entries(record ?? {}).map(([Key, Value]) => ({ Key, Value }));

/** Spider's TagList as tags; a key given twice is refused. */
export function toTags(list: readonly KeyValue[] | undefined, field: string): Tags | undefined {
  if (!list || list.length === 0) return undefined;
  const tags: Tags = Object.create(null) as Tags;
  list.forEach((kv, i) => {
    if (Object.hasOwn(tags, kv.Key)) throw badRequest(`${field}.${i}.Key`, `"${kv.Key}" is given twice`, "duplicate");
    tags[kv.Key] = kv.Value ?? "";
  });
  return tags;
}

/** Optional fields of Spider's JSON: present as strings, "" when unknown. */
export const str = (value: string | number | undefined): string => (value === undefined ? "" : String(value));

export const toTime = (date: Date | undefined): string => (date ? date.toISOString() : "");

/** An inventory as Spider's `{AllList: {MappedList, OnlySpiderList, OnlyCSPList}}`. */
export const toAllList = (inventory: Inventory) => ({
  AllList: {
    MappedList: inventory.mapped.map(toIid),
    OnlySpiderList: inventory.onlyTracked.map(toIid),
    OnlyCSPList: inventory.onlyInCloud.map(toIid),
  },
});

/** A whole number Spider sends as a string ("50"); `field` names it in the error. */
export function toPositiveInt(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === "" || value.toLowerCase() === "default") return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw badRequest(field, "must be a positive whole number", "integer");
  return Number(value);
}

export async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
