import { tagValue } from "../../../world/resources/tag-rules.js";
import type { Tags } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import type { QueryParams } from "../params.js";

/** One `Filter.N` of a Describe call: any of the values may match. */
export interface Filter {
  name: string;
  values: string[];
}

type FieldValue = string | number | boolean | undefined | readonly (string | number | boolean | undefined)[];

/** The filter names a Describe call understands, each reading one field of an item. */
export type FilterFields<T> = Readonly<Record<string, (item: T) => FieldValue>>;

export function readFilters(params: QueryParams): Filter[] {
  return params.list("Filter").map((f) => ({ name: f.required("Name"), values: f.strings("Value") }));
}

/** EC2 filter values: `*` matches any run of characters, `?` one character, `\` escapes. */
function wildcard(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? "";
    if (c === "\\" && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] ?? "");
    else if (c === "*") source += ".*";
    else if (c === "?") source += ".";
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, "s");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A predicate for Describe filters: filters combine with AND, the values of one filter with OR.
 * `tag:<key>`, `tag-key` and `tag-value` work wherever `tagsOf` is given. An unknown filter name is
 * refused, as EC2 does.
 */
export function filterPredicate<T>(
  filters: readonly Filter[],
  fields: FilterFields<T>,
  tagsOf?: (item: T) => Tags,
): (item: T) => boolean {
  const checks = filters.map((filter): ((item: T) => boolean) => {
    const patterns = filter.values.map(wildcard);
    const any = (values: readonly string[]) => values.some((v) => patterns.some((p) => p.test(v)));
    if (tagsOf && filter.name.startsWith("tag:")) {
      const key = filter.name.slice(4);
      return (item) => {
        const value = tagValue(tagsOf(item), key);
        return value !== undefined && any([value]);
      };
    }
    if (tagsOf && filter.name === "tag-key") return (item) => any(Object.keys(tagsOf(item)));
    if (tagsOf && filter.name === "tag-value") return (item) => any(Object.values(tagsOf(item)));
    const field = fields[filter.name];
    if (!field) throw new AwsFault("InvalidParameterValue", `The filter '${filter.name}' is invalid`);
    return (item) => {
      const raw = field(item);
      const values = (Array.isArray(raw) ? raw : [raw]) as readonly (string | number | boolean | undefined)[];
      return any(values.flatMap((v) => (v === undefined ? [] : [String(v)])));
    };
  });
  return (item) => checks.every((check) => check(item));
}
