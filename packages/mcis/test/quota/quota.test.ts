import type { QuotaInfo } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { checkQuotaEntries } from "../../src/quota/entry.js";
import type { QuotaEntry, QuotaPlace } from "../../src/quota/entry.js";
import { QuotaLedger } from "../../src/quota/ledger.js";
import { distinctEntries, withPrecedence } from "../../src/quota/precedence.js";
import { reportedQuotaEntries } from "../../src/quota/reported.js";
import type { ConnectionQuotas } from "../../src/quota/reported.js";

const quota = (name: string, figures: Partial<QuotaInfo>, scope: QuotaInfo["scope"] = "region"): QuotaInfo => ({
  name,
  scope,
  unit: "count",
  ...figures,
});
const report = (connection: string, region: string, quotas: QuotaInfo[], account = "acct-1"): ConnectionQuotas => ({
  connection,
  provider: "MOCK",
  region,
  account,
  quotas,
});
const place = (connection: string, region = "r1"): QuotaPlace => ({ connection, provider: "MOCK", region });

describe("reportedQuotaEntries", () => {
  it("pools the connections of one account per region, and per account for account-wide quotas", () => {
    const entries = reportedQuotaEntries([
      report("a1", "r1", [
        quota("vcpus", { limit: 8, used: 2, available: 6 }),
        quota("vms", { limit: 10, used: 1 }),
        quota("vpcs", { limit: 5, used: 0 }),
      ]),
      // A VM started between the two reads: the smaller figure counts.
      report("a2", "r1", [quota("vcpus", { limit: 8, used: 4, available: 4 }), quota("vms", { limit: 10, used: 2 })]),
      report("a3", "r2", [quota("vcpus", { limit: 8, used: 0 }), quota("vms", { limit: 50, used: 3 }, "account")]),
      // Another account in the same region has its own quota.
      report("b1", "r1", [quota("vcpus", { unlimited: true, used: 7 }), quota("vms", { limit: 4 })], "acct-2"),
    ]);
    expect(entries).toEqual([
      {
        provider: "MOCK",
        region: "r1",
        connection: ["a1", "a2"],
        remainingVcpus: 4,
        remainingVms: 8,
        source: "reported",
      },
      { provider: "MOCK", region: "r2", connection: ["a3"], remainingVcpus: 8, source: "reported" },
      { provider: "MOCK", connection: ["a3"], remainingVms: 47, source: "reported" },
    ]);
  });

  it("never reports less than nothing, and nothing for figures it cannot tell", () => {
    expect(
      reportedQuotaEntries([report("a", "r1", [quota("vcpus", { limit: 2, used: 5 }), quota("vms", { used: 5 })])]),
    ).toEqual([{ provider: "MOCK", region: "r1", connection: ["a"], remainingVcpus: 0, source: "reported" }]);
  });
});

describe("withPrecedence", () => {
  const reported: QuotaEntry = {
    provider: "MOCK",
    region: "r1",
    connection: ["a1", "a2"],
    remainingVcpus: 4,
    remainingVms: 8,
    source: "reported",
  };
  const places = new Map([place("a1"), place("a2"), place("c1", "r2")].map((p) => [p.connection, p]));

  it("keeps a reported entry no application entry overrides", () => {
    const own: QuotaEntry[] = [{ connection: "c1", remainingVms: 1 }];
    expect(withPrecedence(own, [reported], places)).toEqual([...own, reported]);
  });

  it("drops a reported figure for the connections an application entry gives it for, keeping the rest", () => {
    const own: QuotaEntry[] = [{ connection: "a1", remainingVcpus: 100 }];
    expect(withPrecedence(own, [reported], places)).toEqual([
      ...own,
      { provider: "MOCK", region: "r1", connection: ["a2"], remainingVcpus: 4, source: "reported" },
      { provider: "MOCK", region: "r1", connection: ["a1", "a2"], remainingVms: 8, source: "reported" },
    ]);
    // An entry by region overrides the figure for every connection there.
    expect(withPrecedence([{ region: "r1", remainingVms: 2 }], [reported], places)).toEqual([
      { region: "r1", remainingVms: 2 },
      { provider: "MOCK", region: "r1", connection: ["a1", "a2"], remainingVcpus: 4, source: "reported" },
    ]);
  });

  it("lets the application loosen a reported quota, not only tighten it", () => {
    const ledger = new QuotaLedger(withPrecedence([{ connection: "a1", remainingVcpus: 100 }], [reported], places));
    expect(ledger.room(place("a1"), 2)).toBe(8);
    expect(ledger.room(place("a2"), 2)).toBe(2);
  });

  it("counts an entry carried by many offers once", () => {
    expect(distinctEntries([reported, { ...reported }, { ...reported, connection: ["a2", "a1"] }])).toEqual([reported]);
  });
});

describe("QuotaLedger", () => {
  it("charges a pool once for VMs in any of its connections", () => {
    const ledger = new QuotaLedger([{ connection: ["a1", "a2"], remainingVcpus: 6, remainingVms: 10 }]);
    expect(ledger.room(place("a1"), 2)).toBe(3);
    ledger.consume(place("a2"), { vms: 2, vcpus: 4 });
    expect(ledger.left(place("a1"))).toEqual({ vms: 8, vcpus: 2 });
    expect(ledger.overrun(place("a1"), { vms: 1, vcpus: 4 })).toEqual({
      entry: expect.objectContaining({ remainingVcpus: 6 }),
      left: { vms: 8, vcpus: 2 },
      figure: "vcpus",
    });
    expect(ledger.overrun(place("a1"), { vms: 1, vcpus: 2 })).toBeUndefined();
    expect(ledger.left(place("other"))).toEqual({ vms: Infinity, vcpus: Infinity });
    expect(ledger.describe(place("a1"))).toBe("via a1, a2: 2 vCPU, 8 VM left");
  });
});

describe("checkQuotaEntries", () => {
  it("names the field at fault", () => {
    const cases: [unknown, string, string][] = [
      [{}, "quotas", "array"],
      [[{ region: "r1" }], "quotas[0]", "required"],
      [[{ remainingVms: -1 }], "quotas[0].remainingVms", "non-negative"],
      [[{ remainingVms: 1, connection: [] }], "quotas[0].connection", "non-empty"],
      [[{ remainingVms: 1, connection: ["a", 3] }], "quotas[0].connection[1]", "string"],
      [[{ remainingVms: 1, region: 5 }], "quotas[0].region", "string"],
      [[{ remainingVms: 1, provider: "aws" }], "quotas[0].provider", "provider"],
      [[{ remainingVms: 1, remainingCpus: 2 }], "quotas[0].remainingCpus", "unknown-field"],
    ];
    for (const [input, field, rule] of cases)
      expect(() => checkQuotaEntries(input, "quotas"), JSON.stringify(input)).toThrow(
        expect.objectContaining({ field, rule }),
      );
    expect(checkQuotaEntries([{ connection: ["a", "b"], remainingVcpus: 0, source: "mine" }], "quotas")).toHaveLength(
      1,
    );
  });
});
