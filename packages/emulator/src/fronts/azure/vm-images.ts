import { createHash } from "node:crypto";
import type { FrontResponse } from "../http-front.js";
import type { Image } from "../../world/resources/catalog-service.js";
import { ArmError } from "./arm-error.js";
import { gate, json } from "./context.js";
import type { ArmContext } from "./context.js";

// Marketplace images as Compute lists them, level by level: publishers, offers, SKUs, versions,
// and one version's details. The world's Azure images are URNs "publisher:offer:sku:latest"; each
// has one version here, a stable number derived from the URN, which "latest" also names.

interface Urn {
  publisher: string;
  offer: string;
  sku: string;
  image: Image;
}

function urnOf(image: Image): Urn | undefined {
  const [publisher, offer, sku] = image.id.split(":");
  return publisher && offer && sku ? { publisher, offer, sku, image } : undefined;
}

/** The one version of an image, e.g. "1.0.20240412". */
export function versionOf(urn: Urn): string {
  const n = parseInt(createHash("sha256").update(urn.image.id).digest("hex").slice(0, 6), 16);
  return `1.0.${20240000 + (n % 9000)}`;
}

const same = (a: string, b: string | undefined) => a.toLowerCase() === (b ?? "").toLowerCase();

/** The operation a path names, by its number of segments from "publishers" on. */
const apiByLength: Readonly<Record<number, string>> = {
  1: "VirtualMachineImages_ListPublishers",
  5: "VirtualMachineImages_ListOffers",
  7: "VirtualMachineImages_ListSkus",
  9: "VirtualMachineImages_List",
  10: "VirtualMachineImages_Get",
};

const notFound = () => new ArmError(404, "NotFound", "Artifact: VMImage was not found.");

/**
 * GET .../providers/Microsoft.Compute/locations/{location}/publishers[/{publisher}/artifacttypes/
 * vmimage/offers[/{offer}/skus[/{sku}/versions[/{version}]]]] (`segments` from "publishers" on).
 */
export async function serveVmImages(ctx: ArmContext, location: string, segments: string[]): Promise<FrontResponse> {
  const [, publisher, artifact, vmimage, offers, offer, skus, sku, versions, version] = segments;
  const api = apiByLength[segments.length];
  if (
    !api ||
    (segments.length > 1 && !(same("artifacttypes", artifact) && same("vmimage", vmimage) && same("offers", offers)))
  ) {
    throw new ArmError(
      404,
      "NotFound",
      `No HTTP resource was found that matches the request URI '${ctx.request.url.pathname}'.`,
    );
  }
  const region = ctx.world.catalog("AZURE").regions.find((r) => r.name === location.toLowerCase())?.name;
  if (!region)
    throw new ArmError(
      400,
      "LocationNotAvailableForResourceType",
      `The provided location '${location}' is not available for resource type 'Microsoft.Compute/locations/publishers'.`,
    );
  const urns = await gate(ctx, region, api, (cloud) =>
    cloud.catalog.listImages().items.flatMap((i) => {
      const urn = urnOf(i);
      return urn ? [urn] : [];
    }),
  );
  const base = `/Subscriptions/${ctx.account}/Providers/Microsoft.Compute/Locations/${region}/Publishers`;
  const entry = (name: string, id: string) => ({ name, location: region, id });
  const unique = (names: string[]) => [...new Set(names)];
  if (publisher === undefined)
    return json(
      200,
      unique(urns.map((u) => u.publisher)).map((p) => entry(p, `${base}/${p}`)),
    );
  const ofPublisher = urns.filter((u) => same(u.publisher, publisher));
  if (offer === undefined) {
    return json(
      200,
      unique(ofPublisher.map((u) => u.offer)).map((o) =>
        entry(o, `${base}/${publisher}/ArtifactTypes/VMImage/Offers/${o}`),
      ),
    );
  }
  const ofOffer = ofPublisher.filter((u) => same(u.offer, offer));
  if (!same("skus", skus)) throw notFound();
  if (sku === undefined) {
    if (ofOffer.length === 0) throw notFound();
    return json(
      200,
      ofOffer.map((u) => entry(u.sku, `${base}/${publisher}/ArtifactTypes/VMImage/Offers/${offer}/Skus/${u.sku}`)),
    );
  }
  const found = ofOffer.find((u) => same(u.sku, sku));
  if (!found || !same("versions", versions)) throw notFound();
  const v = versionOf(found);
  const id = `${base}/${found.publisher}/ArtifactTypes/VMImage/Offers/${found.offer}/Skus/${found.sku}/Versions/${v}`;
  if (version === undefined) return json(200, [entry(v, id)]);
  if (version !== v && version.toLowerCase() !== "latest") throw notFound();
  return json(200, {
    ...entry(v, id),
    properties: {
      osDiskImage: { operatingSystem: found.image.osPlatform === "windows" ? "Windows" : "Linux" },
      dataDiskImages: [],
      hyperVGeneration: "V2",
      architecture: found.image.architecture === "arm64" ? "Arm64" : "x64",
      imageDeprecationStatus: { imageState: "Active" },
    },
  });
}
