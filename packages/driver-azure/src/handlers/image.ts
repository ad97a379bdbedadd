import type { VirtualMachineImage } from "@azure/arm-compute";
import { architectureOf } from "@cloud-barista/core/driver";
import type { CallContext, ImageHandler, ImageInfo } from "@cloud-barista/core/driver";
import { invalid } from "../errors.js";
import type { AzureSession } from "../session.js";
import { isNotFound } from "./missing.js";

/** A marketplace offer: its publisher and offer name ("Canonical", "ubuntu-24_04-lts"). */
export type ImageOffer = readonly [publisher: string, offer: string];

/**
 * The offers `image.list` goes through by default: Ubuntu 24.04 and 22.04, Debian 12, Rocky Linux 9
 * (x86_64 and aarch64) and Windows Server. The marketplace holds thousands of offers; listing them
 * all takes thousands of calls and gives a list nobody can use.
 */
export const defaultImageOffers: readonly ImageOffer[] = [
  ["Canonical", "ubuntu-24_04-lts"],
  ["Canonical", "0001-com-ubuntu-server-jammy"],
  ["Debian", "debian-12"],
  ["resf", "rockylinux-x86_64"],
  ["resf", "rockylinux-aarch64"],
  ["MicrosoftWindowsServer", "WindowsServer"],
];

/** An image URN "publisher:offer:sku:version", the id a VM names ("latest" for the newest version). */
export function parseUrn(id: string): { publisher: string; offer: string; sku: string; version: string } {
  const [publisher, offer, sku, version, ...rest] = id.split(":");
  if (!publisher || !offer || !sku || !version || rest.length > 0) {
    throw invalid("image", "azure-image-urn", `"${id}" is not an image URN (publisher:offer:sku:version)`);
  }
  return { publisher, offer, sku, version };
}

function toInfo(urn: string, image: VirtualMachineImage): ImageInfo {
  const [, offer = "", sku = ""] = urn.split(":");
  const os = image.osDiskImage?.operatingSystem;
  const state = image.imageDeprecationStatus?.imageState;
  return {
    id: urn,
    name: urn,
    osArchitecture: architectureOf(image.architecture ?? "x64"),
    osPlatform: os === "Linux" ? "Linux/UNIX" : os === "Windows" ? "Windows" : "NA",
    // Offer and SKU in words ("ubuntu 24.04 lts server"), so that "ubuntu 24.04" finds the image.
    osDistribution: `${offer} ${sku}`.replace(/_/g, ".").replace(/-/g, " "),
    // A deprecated or scheduled-for-deprecation image still runs but should not be chosen anew.
    status: state === undefined || state === "Active" ? "Available" : "Unavailable",
    extra: { hyperVGeneration: image.hyperVGeneration ?? "", ...(state ? { imageState: state } : {}) },
  };
}

/**
 * Public images are marketplace images, by URN. `list` goes through the configured offers: each
 * offer's SKUs (`VirtualMachineImages_ListSkus`), each SKU's newest version
 * (`VirtualMachineImages_List`, `$top=1`, `$orderby=name desc`) and its details
 * (`VirtualMachineImages_Get`); an offer the region lacks is skipped. `get` takes any URN,
 * "latest" included.
 */
export function createImageHandler(session: AzureSession, offers: readonly ImageOffer[]): ImageHandler {
  const { region } = session.settings;
  const images = () => session.clients.compute.virtualMachineImages;
  const newest = async (publisher: string, offer: string, sku: string, ctx: CallContext) =>
    (
      await session.call(ctx, "VirtualMachineImages_List", (options) =>
        images().list(region, publisher, offer, sku, { ...options, top: 1, orderby: "name desc" }),
      )
    )[0]?.name;
  const details = async (publisher: string, offer: string, sku: string, version: string, ctx: CallContext) =>
    toInfo(
      `${publisher}:${offer}:${sku}:${version}`,
      await session.call(ctx, "VirtualMachineImages_Get", (options) =>
        images().get(region, publisher, offer, sku, version, options),
      ),
    );
  return {
    list: async function* (ctx) {
      for (const [publisher, offer] of offers) {
        const skus = await session
          .call(ctx, "VirtualMachineImages_ListSkus", (options) => images().listSkus(region, publisher, offer, options))
          .catch((error: unknown) => {
            if (isNotFound(error)) return [];
            throw error;
          });
        for (const sku of skus) {
          if (!sku.name) continue;
          const version = await newest(publisher, offer, sku.name, ctx);
          if (version) yield await details(publisher, offer, sku.name, version, ctx);
        }
      }
    },

    async get(id, ctx) {
      const urn = parseUrn(id);
      // The version "latest" is kept in the id, so the image a VM names stays what the caller named.
      const info = await details(urn.publisher, urn.offer, urn.sku, urn.version, ctx);
      return { ...info, id, name: id };
    },
  };
}
