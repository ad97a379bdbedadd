import type { Block } from "./blocking.js";

/** What a failover step was. */
export type DecisionKind = "planned" | "failed" | "blocked" | "replanned" | "gave-up" | "completed";

/** One entry of the failover decision log: what happened, and why the next step was taken. */
export interface Decision {
  /** 1 for the first create, +1 for each re-plan. */
  readonly attempt: number;
  readonly kind: DecisionKind;
  /** One readable sentence. */
  readonly message: string;
  readonly subGroup?: string;
  readonly offer?: string;
  readonly vms?: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
  readonly block?: Block;
}
