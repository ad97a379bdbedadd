import { randomBytes } from "node:crypto";
import { compareAndSet, createCloudBarista } from "@cloud-barista/core";
import type { CloudBarista } from "@cloud-barista/core";
import { openEtcdStore } from "@cloud-barista/store-etcd";
import type { EtcdStore } from "@cloud-barista/store-etcd";
import { startEtcdCluster } from "@cloud-barista/store-etcd/testing";
import type { EtcdServer } from "@cloud-barista/store-etcd/testing";
import type { ChaosPart, PartOptions, PartResult } from "./part.js";
import type { Reporter } from "./report.js";

// The etcd-kills part: writers put keys, compare-and-set counters and add SDK configs (regions)
// through a 3-member etcd cluster, each writer's store starting at a different member, while
// members are killed with SIGKILL (the leader, a follower, two at once: no quorum) and started
// again. A write the store acknowledged must be there afterwards, with its value: none may be lost.
// Writes that failed are in doubt (they may or may not have landed) and are only counted.

const part = "etcd-kills";

export interface EtcdKillOptions {
  writers: number;
  /** Kills, in turn: the leader, a follower, ... every fourth kill takes two members (no quorum). */
  kills: number;
  /** Real time between a kill and the restart, and between restarts and the next kill. */
  downMs: number;
  upMs: number;
}

export interface EtcdKillOutcome {
  acknowledged: number;
  inDoubt: number;
  kills: number;
  leaderKills: number;
  quorumLosses: number;
  /** Acknowledged writes missing or changed afterwards. */
  lost: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The member that leads the cluster now (undefined when no live member knows one). */
async function leaderOf(members: readonly EtcdServer[], up: ReadonlySet<EtcdServer>): Promise<EtcdServer | undefined> {
  const ids = new Map<string, EtcdServer>();
  let leader: string | undefined;
  for (const member of members.filter((m) => up.has(m))) {
    try {
      const response = await fetch(`${member.endpoint}/v3/maintenance/status`, {
        method: "POST",
        body: "{}",
        signal: AbortSignal.timeout(1000),
      });
      const status = (await response.json()) as { header?: { member_id?: string }; leader?: string };
      if (status.header?.member_id) ids.set(status.header.member_id, member);
      leader ??= status.leader;
    } catch {
      // down or busy electing: ask the others
    }
  }
  return leader === undefined ? undefined : ids.get(leader);
}

export async function etcdKillRun(cluster: readonly EtcdServer[], options: EtcdKillOptions): Promise<EtcdKillOutcome> {
  const prefix = `chaos-etcd-kills/${randomBytes(4).toString("hex")}/`;
  const endpoints = cluster.map((m) => m.endpoint);
  const outcome: EtcdKillOutcome = { acknowledged: 0, inDoubt: 0, kills: 0, leaderKills: 0, quorumLosses: 0, lost: [] };
  /** What each acknowledged write left: key -> value (configs by their name). */
  const acked = new Map<string, string>();
  const ackedRegions = new Set<string>();
  let stop = false;

  const writer = async (w: number): Promise<void> => {
    // Each writer starts at another member; the store moves on when its member fails.
    const rotated = [...endpoints.slice(w % endpoints.length), ...endpoints.slice(0, w % endpoints.length)];
    const store: EtcdStore = await openEtcdStore({
      endpoints: rotated,
      prefix,
      requestTimeoutMs: 2000,
      dialTimeoutMs: 2000,
    });
    const barista: CloudBarista = createCloudBarista({ store });
    let counter = 0;
    try {
      for (let seq = 0; !stop; seq++) {
        try {
          if (seq % 10 === 9) {
            const name = `r-${w}-${seq}`;
            await barista.regions.add({ name, provider: "MOCK", region: "mock-seoul" });
            ackedRegions.add(name);
          } else if (seq % 3 === 2) {
            const key = `counter/${w}`;
            const current = await store.get(key);
            if (await compareAndSet(store, key, current?.revision ?? null, String(counter + 1))) {
              counter++;
              acked.set(key, String(counter));
            }
          } else {
            const key = `w/${w}/${seq}`;
            await store.put(key, String(seq));
            acked.set(key, String(seq));
          }
          outcome.acknowledged++;
        } catch {
          // In doubt: it may have landed or not. A counter in doubt is read back before going on.
          outcome.inDoubt++;
          if (seq % 3 === 2 && seq % 10 !== 9) {
            const now = await store.get(`counter/${w}`).catch(() => undefined);
            if (now) {
              counter = Number(now.value);
              acked.set(`counter/${w}`, now.value);
            }
          }
          await sleep(50);
        }
      }
    } finally {
      await barista.close();
      await store.close();
    }
  };

  const up = new Set(cluster);
  const killer = async (): Promise<void> => {
    await sleep(options.upMs);
    for (let k = 0; k < options.kills; k++) {
      const leader = await leaderOf(cluster, up);
      const followers = cluster.filter((m) => up.has(m) && m !== leader);
      const victims =
        k % 4 === 3
          ? [leader ?? followers[0], followers[0] === leader ? followers[1] : followers[0]]
          : [k % 2 === 0 ? (leader ?? followers[0]) : followers[0]];
      const down = [...new Set(victims.filter((m): m is EtcdServer => m !== undefined))];
      for (const member of down) {
        await member.stop("SIGKILL");
        up.delete(member);
        outcome.kills++;
        if (member === leader) outcome.leaderKills++;
      }
      if (down.length > 1) outcome.quorumLosses++;
      await sleep(options.downMs);
      await Promise.all(down.map((member) => member.start()));
      for (const member of down) up.add(member);
      await sleep(options.upMs);
    }
  };

  const writers = Array.from({ length: options.writers }, (_, w) => writer(w));
  await killer();
  stop = true;
  await Promise.all(writers);

  // Read everything back through every member in turn: each must have caught up.
  for (const endpoint of endpoints) {
    const store = await openEtcdStore({ endpoints: [endpoint], prefix });
    const barista = createCloudBarista({ store });
    try {
      const entries = new Map((await store.list("")).map((e) => [e.key, e.value]));
      for (const [key, value] of acked) {
        const found = entries.get(key);
        // A counter may have moved on through a write in doubt, never back.
        const ok = key.startsWith("counter/") ? Number(found) >= Number(value) : found === value;
        if (!ok) outcome.lost.push(`${endpoint}: ${key} = ${found ?? "missing"}, acknowledged ${value}`);
      }
      const regions = new Set((await barista.regions.list()).map((r) => r.name));
      for (const name of ackedRegions) if (!regions.has(name)) outcome.lost.push(`${endpoint}: region ${name} missing`);
    } finally {
      await barista.close();
      await store.close();
    }
  }
  return outcome;
}

export async function runEtcdKills(options: PartOptions, reporter: Reporter): Promise<PartResult> {
  const started = Date.now();
  const run: EtcdKillOptions = options.quick
    ? { writers: 3, kills: 2, downMs: 800, upMs: 700 }
    : { writers: 6, kills: 12, downMs: 1_500, upMs: 1_500 };
  // Short elections: survivors have a leader again well within a second of a kill.
  const cluster = await startEtcdCluster(3, ["--election-timeout=300", "--heartbeat-interval=30"]);
  try {
    const o = await etcdKillRun(cluster, run);
    const failures = o.lost.length > 0 ? 1 : 0;
    reporter.line({
      part,
      writers: run.writers,
      killRounds: run.kills,
      downMs: run.downMs,
      upMs: run.upMs,
      acknowledged: o.acknowledged,
      inDoubt: o.inDoubt,
      kills: o.kills,
      leaderKills: o.leaderKills,
      quorumLosses: o.quorumLosses,
      lost: o.lost.length,
      ...(o.lost.length > 0 ? { details: o.lost.slice(0, 20) } : {}),
    });
    const result = { cases: 1, failures };
    reporter.line({
      part,
      summary: true,
      acknowledged: o.acknowledged,
      kills: o.kills,
      lost: o.lost.length,
      ...result,
      ms: Date.now() - started,
    });
    return result;
  } finally {
    // SIGKILL first: a member told to stop politely can wait seconds for peers that are gone.
    await Promise.all(cluster.map(async (member) => (await member.stop("SIGKILL"), await member.dispose())));
  }
}

export const etcdKillsPart: ChaosPart = {
  name: part,
  description: "etcd members killed (leader, followers, quorum) during writes: 0 acknowledged writes lost",
  run: runEtcdKills,
};
