import type { OsPlatform } from "@cloud-barista/core";
import type { Offer, OfferImage } from "./offer.js";
import { holdsTerm } from "./text-terms.js";

/** Which image a planned sub-group boots. */
export interface ImagePreference {
  /** Terms of the distribution or image name (every word, without case), in order of preference ("ubuntu 24.04", "ubuntu"). */
  readonly os?: string | readonly string[];
  /** Default "Linux/UNIX". */
  readonly platform?: OsPlatform;
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/**
 * The image for an offer: of the spec's architecture (offers carry only those), on the wanted
 * platform, matching the first OS preference that any image matches; among equals the newest
 * release by natural order of the distribution ("Ubuntu 24.04" over "Ubuntu 22.04"), then by id.
 * Undefined when no image fits: such an offer cannot be planned.
 */
export function chooseImage(offer: Offer, preference: ImagePreference = {}): OfferImage | undefined {
  const platform = preference.platform ?? "Linux/UNIX";
  const candidates = offer.images.filter((i) => i.osPlatform === platform);
  const wanted = preference.os === undefined ? [] : typeof preference.os === "string" ? [preference.os] : preference.os;
  let pool = candidates;
  if (wanted.length > 0) {
    pool = [];
    for (const needle of wanted.map((w) => w.toLowerCase())) {
      pool = candidates.filter((i) => holdsTerm(`${i.osDistribution}\n${i.name}`, needle));
      if (pool.length > 0) break;
    }
  }
  return [...pool].sort(
    (a, b) => collator.compare(b.osDistribution, a.osDistribution) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )[0];
}
