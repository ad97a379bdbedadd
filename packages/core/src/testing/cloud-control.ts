/** Faults the conformance suite injects into the cloud under test, as the cloud's own errors. */
export type InjectedFaultKind = "throttle" | "internal" | "timeout" | "capacity" | "quota";

/** A fault injected into the cloud under test. */
export interface InjectedFault {
  /** How often the fault has fired so far. */
  readonly fired: number;
  /** Stops the fault. */
  remove(): void;
}

/**
 * What the driver conformance suite may do to the cloud behind a connection, so that it tests
 * behaviour beyond the happy path (throttling, lost answers, eventual consistency). An emulated
 * cloud provides it; a real cloud cannot, and the suite then skips those tests.
 */
export interface CloudControl {
  /**
   * Makes the next `times` (default 1) calls of a native API fail as the cloud fails them. Phase
   * "before" (default) refuses the call; "after" lets it take effect and loses the answer.
   */
  fail(spec: { api: string; kind: InjectedFaultKind; times?: number; phase?: "before" | "after" }): InjectedFault;
  /** For this long after a create, reads of the new resource answer "not found". 0 turns it off. */
  setInvisibleAfterCreateMs(ms: number): void;
  /** The native API names of every call the cloud received so far, in order. */
  servedApis(): readonly string[];
  /**
   * Holds the next call of a native API once the cloud has received it: `arrived` resolves then, and
   * the call goes on (and is answered) only after `release()`. Lets a test act while a call is in flight.
   */
  hold(api: string): HeldCall;
}

/** A cloud call held before it is answered (see `CloudControl.hold`). */
export interface HeldCall {
  readonly arrived: Promise<void>;
  /** Lets the held call go on. */
  release(): void;
}
