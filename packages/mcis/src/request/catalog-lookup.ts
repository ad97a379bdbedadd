import { collect } from "@cloud-barista/core";
import type { Connection, ImageInfo, VmSpecInfo } from "@cloud-barista/core";
import { referenceConflict, unknownReference } from "../util/validate.js";

/**
 * Spec and image lookups of one planning pass, through core's metadata cache: each connection's
 * catalog is listed at most once per pass, however many sub-groups use it.
 */
export class CatalogLookup {
  readonly #specs = new Map<string, Promise<VmSpecInfo[]>>();
  readonly #images = new Map<string, Promise<ImageInfo[]>>();
  readonly #abortSignal: AbortSignal | undefined;

  constructor(abortSignal?: AbortSignal) {
    this.#abortSignal = abortSignal;
  }

  specs(conn: Connection): Promise<VmSpecInfo[]> {
    return memo(this.#specs, conn.name, () => collect(conn.metadata.specs(this.#options())));
  }

  images(conn: Connection): Promise<ImageInfo[]> {
    return memo(this.#images, conn.name, () => collect(conn.metadata.images(this.#options())));
  }

  /** The named spec of the connection's catalog, or a NotFound naming `field` (the catalog was read). */
  async spec(conn: Connection, name: string, field: string): Promise<VmSpecInfo> {
    const spec = (await this.specs(conn)).find((s) => s.name === name);
    if (!spec) {
      throw unknownReference(field, "unknown-spec", `connection "${conn.name}" offers no spec "${name}"`, "spec");
    }
    return spec;
  }

  /** The public image of that id, usable with `spec`; else a NotFound or Conflict naming `field`. */
  async image(conn: Connection, id: string, spec: VmSpecInfo, field: string): Promise<ImageInfo> {
    const image = (await this.images(conn)).find((i) => i.id === id);
    if (!image) {
      throw unknownReference(field, "unknown-image", `connection "${conn.name}" has no public image "${id}"`, "image");
    }
    if (image.status === "Unavailable")
      throw referenceConflict(field, "image-unavailable", `image "${id}" is unavailable in "${conn.name}"`);
    if (image.osArchitecture !== "NA" && spec.architecture !== "NA" && image.osArchitecture !== spec.architecture) {
      throw referenceConflict(
        field,
        "architecture",
        `image "${id}" is ${image.osArchitecture}, spec "${spec.name}" is ${spec.architecture}`,
      );
    }
    return image;
  }

  #options(): { abortSignal?: AbortSignal } {
    return this.#abortSignal ? { abortSignal: this.#abortSignal } : {};
  }
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = load();
    cache.set(key, value);
  }
  return value;
}
