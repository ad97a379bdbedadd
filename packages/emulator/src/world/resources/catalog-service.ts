import type { CpuArchitecture, DiskTypeDef, GpuDef, OsPlatform, ZoneDef } from "../catalog/types.js";
import { notFoundError } from "../errors.js";
import { regionalImageId } from "../ids.js";
import { pageOfArray } from "../pagination.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { RegionState } from "./region-state.js";

/** A region of the provider's catalog, with its zones. */
export interface Region {
  name: string;
  displayName: string;
  location: { latitude: number; longitude: number };
  zones: ZoneDef[];
}

/** A public image as one region lists it. */
export interface Image {
  id: string;
  name: string;
  osDistribution: string;
  osPlatform: OsPlatform;
  architecture: CpuArchitecture;
  diskSizeGB: number;
  loginUser: string;
  status: "available";
}

/** A VM spec as one region offers it (its price is in `listPrices`). */
export interface Spec {
  name: string;
  family: string;
  region: string;
  vcpus: number;
  memoryMiB: number;
  architecture: CpuArchitecture;
  clockGHz?: number;
  gpu?: GpuDef;
  localDiskGB?: number;
}

/** On-demand Linux price of one spec in one region. */
export interface Price {
  specName: string;
  region: string;
  pricingId: string;
  price: number;
  currency: "USD";
  unit: "Hour";
  source: "emulator-catalog";
}

/** Read-only catalog data as seen from one region: regions, zones, images, specs, prices. */
export class CatalogService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /** Every region of the provider, whichever region asks. */
  listRegions(options?: ListOptions<Region>): ListPage<Region> {
    return pageOfArray(this.#state.catalog.regions.map(toRegion), options);
  }

  /** One region by its name; NotFound when the provider has none of that name. */
  getRegion(name: string): Region {
    const region = this.#state.catalog.regions.find((r) => r.name === name);
    if (!region) throw notFoundError("region", name);
    return toRegion(region);
  }

  /** The provider's public images, with this region's ids. */
  listImages(options?: ListOptions<Image>): ListPage<Image> {
    return pageOfArray(publicImages(this.#state), options);
  }

  /** One public image by its id in this region; NotFound otherwise (private images are `myImages`). */
  getImage(id: string): Image {
    const image = findPublicImage(this.#state, id);
    if (!image) throw notFoundError("image", id);
    return image;
  }

  /** The specs offered in this region. */
  listSpecs(options?: ListOptions<Spec>): ListPage<Spec> {
    return pageOfArray(specsIn(this.#state), options);
  }

  /** One spec by name; NotFound when this region does not offer it. */
  getSpec(name: string): Spec {
    const spec = findSpec(this.#state, name);
    if (!spec) throw notFoundError("spec", name);
    return spec;
  }

  /**
   * The on-demand Linux price of each spec offered here, in USD per hour: the catalog's base price
   * times the region's price factor, rounded to 4 decimals.
   */
  listPrices(options?: ListOptions<Price>): ListPage<Price> {
    const region = this.#state.region;
    const prices = this.#state.catalog.specs
      .filter((spec) => !spec.regions || spec.regions.includes(region.name))
      .map((spec): Price => ({
        specName: spec.name,
        region: region.name,
        pricingId: `${this.#state.provider}.${region.name}.${spec.name}.ondemand.linux`,
        price: Math.round(spec.usdPerHour * region.priceFactor * 10_000) / 10_000,
        currency: "USD",
        unit: "Hour",
        source: "emulator-catalog",
      }));
    return pageOfArray(prices, options);
  }

  /** The provider's disk types and the sizes each takes. */
  diskTypes(): DiskTypeDef[] {
    return this.#state.catalog.diskTypes.map((d) => ({ ...d }));
  }
}

function toRegion(region: RegionState["region"]): Region {
  return {
    name: region.name,
    displayName: region.displayName,
    location: { ...region.location },
    zones: region.zones.map((z) => ({ ...z })),
  };
}

export function publicImages(state: RegionState): Image[] {
  return state.catalog.images.map((def) => ({
    id: regionalImageId(state.provider, def.id, state.region),
    name: def.name,
    osDistribution: def.osDistribution,
    osPlatform: def.osPlatform,
    architecture: def.architecture,
    diskSizeGB: def.diskSizeGB,
    loginUser: def.loginUser,
    status: "available",
  }));
}

export function findPublicImage(state: RegionState, id: string): Image | undefined {
  return publicImages(state).find((image) => image.id === id);
}

function specsIn(state: RegionState): Spec[] {
  return state.catalog.specs
    .filter((spec) => !spec.regions || spec.regions.includes(state.region.name))
    .map(({ usdPerHour: _price, regions: _regions, gpu, ...spec }) => ({
      ...spec,
      ...(gpu ? { gpu: { ...gpu } } : {}),
      region: state.region.name,
    }));
}

export function findSpec(state: RegionState, name: string): Spec | undefined {
  return specsIn(state).find((spec) => spec.name === name);
}
