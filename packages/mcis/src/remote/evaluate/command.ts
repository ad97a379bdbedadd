import { invalidArgument } from "@cloud-barista/core";
import { evaluationScript } from "./script.js";
import { isList, requireKnownKeys, requireObject, requirePositiveInteger } from "../../util/validate.js";

/** How much work each measurement does (bigger: steadier figures, longer runs). */
export interface EvaluationWorkload {
  /** Iterations of the shell arithmetic loop per core (default 50 000, about half a second). */
  cpuOps?: number;
  /** MiB dd copies through memory (default 2048). */
  memoryMB?: number;
  /** MiB written and read back with direct I/O (default 64). */
  fileMB?: number;
  /** Single-row sqlite3 transactions, each synced (default 50). */
  dbTransactions?: number;
  /** Pings per peer for the RTT matrix (default 3, 0.2 s apart). */
  pingCount?: number;
  /** Absolute directory for the temporary file and database (default /var/tmp, disk-backed by convention). */
  workDir?: string;
}

/** How much work the evaluation script does by default (CPU loop, memory and file sizes). */
export const defaultWorkload: Required<EvaluationWorkload> = {
  cpuOps: 50_000,
  memoryMB: 2048,
  fileMB: 64,
  dbTransactions: 50,
  pingCount: 3,
  workDir: "/var/tmp",
};

const workloadKeys = Object.keys(defaultWorkload);
const maxima = { cpuOps: 100_000_000, memoryMB: 65_536, fileMB: 65_536, dbTransactions: 100_000, pingCount: 100 };

/** A peer another VM pings: the VM's id (as results name it) and the address to ping. */
export interface EvaluationPeer {
  readonly vmId: string;
  readonly host: string;
}

// Peer ids and hosts reach ping as arguments; a leading "-" would make them options.
const peerIdPattern = /^[A-Za-z0-9_.][A-Za-z0-9_.:-]{0,127}$/;
const hostPattern = /^[A-Za-z0-9.:[\]%][A-Za-z0-9.:[\]%-]{0,252}$/;
const workDirPattern = /^\/[A-Za-z0-9._/-]{0,255}$/;

/** Checks a workload (InvalidArgument naming the field) and fills in the defaults. */
export function checkWorkload(workload: EvaluationWorkload = {}, field = "workload"): Required<EvaluationWorkload> {
  requireObject(field, workload);
  requireKnownKeys(field, workload, workloadKeys);
  const out = { ...defaultWorkload };
  for (const key of Object.keys(maxima) as (keyof typeof maxima)[]) {
    if (workload[key] !== undefined) out[key] = requirePositiveInteger(`${field}.${key}`, workload[key], maxima[key]);
  }
  if (workload.workDir !== undefined) {
    if (typeof workload.workDir !== "string" || !workDirPattern.test(workload.workDir))
      throw invalidArgument(`${field}.workDir`, "path", "must be an absolute path of letters, digits and ._/-");
    out.workDir = workload.workDir;
  }
  return out;
}

/** Checks peers (InvalidArgument naming the field): ids and hosts a shell or ping cannot misread. */
export function checkPeers(
  peers: readonly EvaluationPeer[],
  field = "peers",
  names: { vmId: string; host: string } = { vmId: "vmId", host: "host" },
): EvaluationPeer[] {
  if (!isList(peers)) throw invalidArgument(field, "array", "must be a list of peers");
  const seen = new Set<string>();
  return peers.map((p, i) => {
    requireObject(`${field}[${i}]`, p);
    if (typeof p.vmId !== "string" || !peerIdPattern.test(p.vmId))
      throw invalidArgument(`${field}[${i}].${names.vmId}`, "vm-id", "must be letters, digits and ._:- (not first)");
    if (typeof p.host !== "string" || !hostPattern.test(p.host))
      throw invalidArgument(`${field}[${i}].${names.host}`, "host", "must be an IP address or host name");
    if (seen.has(p.vmId)) throw invalidArgument(`${field}[${i}].${names.vmId}`, "unique", `${p.vmId} is listed twice`);
    seen.add(p.vmId);
    return { vmId: p.vmId, host: p.host };
  });
}

/**
 * The argv that runs the evaluation: `sh -c <script> cb-eval <workload...> <id host...>`. Run it
 * with any runner that quotes each element (so no value is ever parsed as shell text).
 */
export function evaluationCommand(workload: EvaluationWorkload = {}, peers: readonly EvaluationPeer[] = []): string[] {
  const w = checkWorkload(workload);
  return [
    "sh",
    "-c",
    evaluationScript,
    "cb-eval",
    String(w.cpuOps),
    String(w.memoryMB),
    String(w.fileMB),
    String(w.dbTransactions),
    String(w.pingCount),
    w.workDir,
    ...checkPeers(peers).flatMap((p) => [p.vmId, p.host]),
  ];
}
