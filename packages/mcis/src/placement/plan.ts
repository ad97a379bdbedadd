import { invalidArgument } from "@cloud-barista/core";
import type { OsPlatform } from "@cloud-barista/core";
import type { CurrencyOptions } from "./currency.js";
import type { PlacementFilter } from "./filter.js";
import { checkQuotaEntries } from "../quota/entry.js";
import type { QuotaEntry } from "../quota/entry.js";
import { QuotaLedger } from "../quota/ledger.js";
import type { QuotaDemand } from "../quota/ledger.js";
import { distinctEntries, withPrecedence } from "../quota/precedence.js";
import { formatMoney } from "./format.js";
import { chooseImage } from "./image-choice.js";
import type { ImagePreference } from "./image-choice.js";
import { describeOffer } from "./offer.js";
import type { Offer, OfferImage } from "./offer.js";
import type { Priority } from "./priorities.js";
import { rankOffers } from "./rank.js";
import type { CombineMode, RankedOffer } from "./rank.js";
import { mcisLimits } from "../model/limits.js";
import {
  isList,
  requireKnownKeys,
  requireObject,
  requirePositiveInteger,
  requireStringList,
} from "../util/validate.js";

/** How a plan spreads its VMs. */
export interface SpreadOptions {
  /** Distinct providers to use, counting VMs already running. Default 1. */
  readonly minProviders?: number;
  /** Distinct regions (per provider) to use, counting VMs already running. Default 1. */
  readonly minRegions?: number;
  /** At most this many VMs per sub-group (per offer). Default: no cap. */
  readonly maxPerSubGroup?: number;
  /**
   * "pack" (default): after the spread minimums, the best offer takes as many VMs as it can, then
   * the next. "even": VMs go round-robin over the places chosen for the spread minimums.
   */
  readonly balance?: "pack" | "even";
}

/** "6 VMs, >= 4 vCPU, arm64, close to Seoul and Frankfurt, cheapest first, across at least 2 providers". */
export interface PlacementRequest {
  readonly vmCount: number;
  readonly filter?: PlacementFilter;
  /** Default: cost. */
  readonly priorities?: readonly Priority[];
  readonly combine?: CombineMode;
  readonly currency?: CurrencyOptions;
  readonly spread?: SpreadOptions;
  readonly image?: ImagePreference;
  /**
   * What is left of quotas, as the application knows it. Plans never exceed these, nor the
   * quotas the offers carry from their drivers' reports (`offer.quotas`); an entry here takes
   * precedence over a reported figure it gives for the same connection.
   */
  readonly quotas?: readonly QuotaEntry[];
  /** Sub-groups are named prefix + number ("g1", "g2"). Default "g". */
  readonly subGroupPrefix?: string;
}

/** What an earlier attempt left behind, for re-planning only the part that failed. */
export interface PlanState {
  /** Offers not to use (blocked zones, regions, providers). */
  readonly exclude?: (offer: Offer) => boolean;
  /** VMs already running: they count toward spread and quotas and are never moved. */
  readonly existing?: readonly { readonly offer: Offer; readonly size: number }[];
  /** Sub-group names already in use. */
  readonly takenNames?: ReadonlySet<string>;
}

/** An amount in a currency. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** One sub-group of a plan: the offer, image and number of VMs. */
export interface PlannedSubGroup {
  readonly name: string;
  readonly offer: Offer;
  readonly ranked: RankedOffer;
  readonly image: OfferImage;
  readonly size: number;
  /** size × the offer's hourly price, in the offer's currency; undefined when the price is unknown. */
  readonly hourlyCost: Money | undefined;
  /** Why this offer and this many VMs. */
  readonly why: string;
}

/** Where to run the VMs asked for: sub-groups, how many were placed, the estimated cost. */
export interface PlacementPlan {
  readonly vmCount: number;
  readonly placed: number;
  readonly subGroups: readonly PlannedSubGroup[];
  readonly estimatedHourlyCost: {
    /** Per currency, as the clouds price. */
    readonly totals: readonly Money[];
    /** The sum in the compared currency, when every priced VM converts. */
    readonly converted: Money | undefined;
    /** VMs whose price is unknown (not in the totals). */
    readonly unpricedVms: number;
  };
  /** Why the plan falls short (VMs left unplaced, spread minimums not met). */
  readonly unmet: readonly string[];
  /** Every VM placed and every spread minimum met. */
  readonly feasible: boolean;
  /** Offers that passed exclusion and the filter. */
  readonly matched: number;
  /** The currency prices were compared in. */
  readonly currency: string;
}

const requestKeys = [
  "vmCount",
  "filter",
  "priorities",
  "combine",
  "currency",
  "spread",
  "image",
  "quotas",
  "subGroupPrefix",
];
const namePattern = /^[a-z][a-z0-9-]{0,40}$/;

interface Candidate {
  readonly ranked: RankedOffer;
  readonly image: OfferImage;
  size: number;
  reasons: string[];
  /** A quota, not the request, stopped this offer from taking more VMs. */
  quotaBound: boolean;
}

/**
 * Plans where `vmCount` VMs go: ranks the offers, drops those without a bootable image or quota,
 * satisfies the spread minimums with the best offer of each missing provider or region, then
 * fills (or spreads, under "even") in rank order within per-sub-group caps and quotas (the
 * request's, over those reported with the offers).
 */
export function planPlacement(
  offers: readonly Offer[],
  request: PlacementRequest,
  state: PlanState = {},
): PlacementPlan {
  if (!isList(offers)) throw invalidArgument("offers", "type", "must be a list of offers");
  requireKnownKeys("request", requireObject("request", request), requestKeys);
  checkState(state);
  // An MCIS holds at most this many VMs: a larger request is refused before any work.
  const vmCount = requirePositiveInteger("vmCount", request.vmCount, mcisLimits.vmsPerMcis);
  const existingVms = (state.existing ?? []).reduce((sum, e) => sum + e.size, 0);
  // Absent means the default; null is not absent.
  const spread = checkSpread(request.spread === undefined ? {} : request.spread, vmCount + existingVms);
  const prefix = request.subGroupPrefix === undefined ? "g" : request.subGroupPrefix;
  if (typeof prefix === "string" && prefix.length > mcisLimits.subGroupPrefixLength) {
    throw invalidArgument(
      "subGroupPrefix",
      "max-length",
      `must have at most ${mcisLimits.subGroupPrefixLength} characters (sub-group names have at most 24), got ${prefix.length}`,
    );
  }
  if (typeof prefix !== "string" || !namePattern.test(prefix)) {
    throw invalidArgument(
      "subGroupPrefix",
      "name-characters",
      "must start with a lower-case letter and use only a-z, 0-9 and '-'",
    );
  }
  if (request.image !== undefined) checkImagePreference(request.image);
  const ledger = new QuotaLedger(planQuotas(offers, request.quotas));
  for (const e of state.existing ?? []) ledger.consume(e.offer, demand(e.offer, e.size));
  // Offers without a bootable image are left out before ranking, so ranks count only usable offers.
  const images = new Map<Offer, OfferImage>();
  let noImage = 0;
  const exclude = (offer: Offer): boolean => {
    if (state.exclude?.(offer)) return true;
    const image = chooseImage(offer, request.image);
    if (!image) {
      noImage++;
      return true;
    }
    images.set(offer, image);
    return false;
  };
  const ranking = rankOffers(offers, {
    ...(request.filter ? { filter: request.filter } : {}),
    ...(request.priorities ? { priorities: request.priorities } : {}),
    ...(request.combine === undefined ? {} : { combine: request.combine }),
    ...(request.currency ? { currency: request.currency } : {}),
    // Spread and quotas may reach far down the ranking.
    limit: "all",
    exclude,
  });
  const candidates: Candidate[] = ranking.results.map((ranked) => ({
    ranked,
    image: images.get(ranked.offer) as OfferImage,
    size: 0,
    reasons: [],
    quotaBound: false,
  }));
  const providers = new Set((state.existing ?? []).map((e) => e.offer.provider));
  const regions = new Set((state.existing ?? []).map((e) => regionKey(e.offer)));
  let remaining = vmCount;
  let quotaCapped = false;
  const cap = (c: Candidate): number => {
    const room = ledger.room(c.ranked.offer, c.ranked.offer.vcpus);
    const free = spread.maxPerSubGroup - c.size;
    if (room < free && room < remaining) {
      quotaCapped = true;
      c.quotaBound = true;
    }
    return Math.max(0, Math.min(free, room));
  };
  const give = (c: Candidate, n: number, reason?: string): void => {
    c.size += n;
    remaining -= n;
    ledger.consume(c.ranked.offer, demand(c.ranked.offer, n));
    providers.add(c.ranked.offer.provider);
    regions.add(regionKey(c.ranked.offer));
    if (reason) c.reasons.push(reason);
  };
  const unmet: string[] = [];
  const seeds: Candidate[] = [];
  const diversify = (
    what: string,
    minimum: number,
    have: () => number,
    isNew: (c: Candidate) => boolean,
    label: (o: Offer) => string,
  ): void => {
    while (have() < minimum && remaining > 0) {
      const c = candidates.find((x) => isNew(x) && cap(x) > 0);
      if (!c) {
        unmet.push(`spread: ${have()} of ${minimum} ${what} reachable with the offers left`);
        return;
      }
      // The first place is simply the best; later ones are there for the spread.
      give(c, 1, have() > 0 ? `adds ${label(c.ranked.offer)} (spread: at least ${minimum} ${what})` : undefined);
      seeds.push(c);
    }
  };
  diversify(
    "providers",
    spread.minProviders,
    () => providers.size,
    (c) => !providers.has(c.ranked.offer.provider),
    (o) => `provider ${o.provider}`,
  );
  diversify(
    "regions",
    spread.minRegions,
    () => regions.size,
    (c) => !regions.has(regionKey(c.ranked.offer)),
    (o) => `region ${o.provider} ${o.region}`,
  );

  if (spread.balance === "even") {
    while (remaining > 0) {
      let progressed = false;
      for (const c of seeds) {
        if (remaining === 0) break;
        if (cap(c) > 0) {
          give(c, 1);
          progressed = true;
        }
      }
      if (progressed) continue;
      const next = candidates.find((c) => !seeds.includes(c) && cap(c) > 0);
      if (!next) break;
      seeds.push(next);
    }
  } else {
    for (const c of candidates) {
      if (remaining === 0) break;
      const n = Math.min(remaining, cap(c));
      if (n > 0) give(c, n);
    }
  }
  if (remaining > 0) {
    const why = [
      `${ranking.matched} offer(s) passed the filter with a matching image`,
      noImage > 0 ? `${noImage} had no matching image` : "",
      quotaCapped ? "quotas limit some offers" : "",
      Number.isFinite(spread.maxPerSubGroup) ? `at most ${spread.maxPerSubGroup} per sub-group` : "",
    ].filter(Boolean);
    unmet.unshift(`placed ${vmCount - remaining} of ${vmCount} VM(s): no room left (${why.join("; ")})`);
  }
  const subGroups = nameSubGroups(
    candidates.filter((c) => c.size > 0),
    prefix,
    state.takenNames ?? new Set(),
    ledger,
  );
  return {
    vmCount,
    placed: vmCount - remaining,
    subGroups,
    estimatedHourlyCost: hourlyCost(subGroups, ranking.currency),
    unmet,
    feasible: remaining === 0 && unmet.length === 0,
    matched: ranking.matched,
    currency: ranking.currency,
  };
}

/** What an earlier attempt left: an object of `exclude` (a function), `existing` (a list) and `takenNames` (a Set). */
function checkState(state: PlanState): void {
  requireKnownKeys("state", requireObject("state", state), ["exclude", "existing", "takenNames"]);
  if (state.exclude !== undefined && typeof state.exclude !== "function")
    throw invalidArgument("state.exclude", "type", "must be a function of an offer");
  if (state.existing !== undefined && !isList(state.existing))
    throw invalidArgument("state.existing", "type", "must be a list of { offer, size }");
  if (state.takenNames !== undefined && !(state.takenNames instanceof Set))
    throw invalidArgument("state.takenNames", "type", "must be a Set of sub-group names");
}

function checkSpread(spread: SpreadOptions, vmTotal: number): Required<SpreadOptions> {
  requireKnownKeys("spread", requireObject("spread", spread), [
    "minProviders",
    "minRegions",
    "maxPerSubGroup",
    "balance",
  ]);
  const minProviders =
    spread.minProviders === undefined ? 1 : requirePositiveInteger("spread.minProviders", spread.minProviders);
  const minRegions =
    spread.minRegions === undefined ? 1 : requirePositiveInteger("spread.minRegions", spread.minRegions);
  const maxPerSubGroup =
    spread.maxPerSubGroup === undefined
      ? Infinity
      : requirePositiveInteger("spread.maxPerSubGroup", spread.maxPerSubGroup, mcisLimits.vmsPerSubGroup);
  const balance = spread.balance === undefined ? "pack" : spread.balance;
  if (balance !== "pack" && balance !== "even")
    throw invalidArgument("spread.balance", "one-of", "must be pack or even");
  if (minProviders > vmTotal)
    throw invalidArgument(
      "spread.minProviders",
      "range",
      `${minProviders} providers need at least as many VMs (${vmTotal})`,
    );
  if (minRegions > vmTotal)
    throw invalidArgument("spread.minRegions", "range", `${minRegions} regions need at least as many VMs (${vmTotal})`);
  return { minProviders, minRegions, maxPerSubGroup, balance };
}

const platforms: readonly OsPlatform[] = ["Linux/UNIX", "Windows", "NA"];

function checkImagePreference(image: ImagePreference): void {
  requireKnownKeys("image", requireObject("image", image), ["os", "platform"]);
  if (image.os !== undefined)
    requireStringList("image.os", image.os, { items: mcisLimits.matchTerms, length: mcisLimits.textLength });
  if (image.platform !== undefined && !platforms.includes(image.platform))
    throw invalidArgument("image.platform", "one-of", `must be one of ${platforms.join(", ")}`);
}

function nameSubGroups(
  chosen: readonly Candidate[],
  prefix: string,
  taken: ReadonlySet<string>,
  ledger: QuotaLedger,
): PlannedSubGroup[] {
  let n = 0;
  const nextName = (): string => {
    let name: string;
    do name = `${prefix}${++n}`;
    while (taken.has(name));
    return name;
  };
  return chosen.map((c): PlannedSubGroup => {
    const offer = c.ranked.offer;
    // Quotas are named where they limited the offer; with reported quotas everywhere, always naming them would bury the rest.
    const quota = c.quotaBound ? ledger.describe(offer) : undefined;
    const why = [
      `${c.size} VM(s) of ${describeOffer(offer)}`,
      `rank ${c.ranked.position}: ${c.ranked.explanation}`,
      ...c.reasons,
      `image ${c.image.name}`,
      ...(quota ? [`capped by quota: ${quota}`] : []),
    ].join("; ");
    return {
      name: nextName(),
      offer,
      ranked: c.ranked,
      image: c.image,
      size: c.size,
      hourlyCost: offer.price ? { amount: offer.price.perHour * c.size, currency: offer.price.currency } : undefined,
      why,
    };
  });
}

function hourlyCost(subGroups: readonly PlannedSubGroup[], currency: string): PlacementPlan["estimatedHourlyCost"] {
  const totals = new Map<string, number>();
  let unpricedVms = 0;
  let converted = 0;
  let convertible = true;
  for (const g of subGroups) {
    if (!g.hourlyCost) {
      unpricedVms += g.size;
      continue;
    }
    totals.set(g.hourlyCost.currency, (totals.get(g.hourlyCost.currency) ?? 0) + g.hourlyCost.amount);
    if (g.ranked.price === undefined) convertible = false;
    else converted += g.ranked.price * g.size;
  }
  return {
    totals: [...totals].map(([currency, amount]) => ({ currency, amount })),
    converted: convertible && totals.size > 0 ? { amount: converted, currency } : undefined,
    unpricedVms,
  };
}

const regionKey = (o: Offer): string => `${o.provider}/${o.region}`;

const demand = (offer: Offer, vms: number): QuotaDemand => ({ vms, vcpus: vms * offer.vcpus });

/** The request's quota entries over those reported with the offers (one per pool). */
function planQuotas(offers: readonly Offer[], own: readonly QuotaEntry[] | undefined): QuotaEntry[] {
  const checked = checkQuotaEntries(own ?? [], "quotas");
  const reported = distinctEntries(offers.flatMap((o) => o.quotas ?? []));
  return withPrecedence(checked, reported, new Map(offers.map((o) => [o.connection, o])));
}

/** "$0.96/h" or "$0.96/h + 1.20 EUR/h, 2 VM(s) unpriced". */
export function formatPlanCost(plan: PlacementPlan): string {
  const parts = plan.estimatedHourlyCost.totals.map((m) => `${formatMoney(m.amount, m.currency)}/h`);
  const unpriced = plan.estimatedHourlyCost.unpricedVms;
  return [parts.join(" + ") || "unknown", unpriced > 0 ? `${unpriced} VM(s) unpriced` : ""].filter(Boolean).join(", ");
}
