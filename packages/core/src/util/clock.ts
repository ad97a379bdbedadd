import { abortedError } from "../errors.js";
import { onAbort } from "./abort.js";

/**
 * Time as the SDK sees it. The runtime's pollers and the emulator's lifecycles read time only
 * through a Clock, so tests can run instantly and demos at a chosen speed.
 */
export interface Clock {
  /** Milliseconds since the epoch, on this clock. */
  now(): number;
  /** Resolves after `ms` on this clock; rejects with an Aborted error when the signal fires. */
  sleep(ms: number, options?: { abortSignal?: AbortSignal | undefined }): Promise<void>;
}

/** Wall-clock time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, options) => realSleep(ms, options?.abortSignal),
};

/**
 * Real time running `scale` times faster: with scale 20, a 30 s boot takes 1.5 s of wall time.
 * Demos and benchmarks use it to keep realistic proportions in less time. Clocks in several
 * processes agree when they share `originMs` (the wall time at which both read the same).
 */
export function scaledClock(scale: number, originMs: number = Date.now()): Clock {
  if (!(scale > 0)) throw new RangeError("scale must be > 0");
  const origin = originMs;
  return {
    now: () => origin + (Date.now() - origin) * scale,
    sleep: (ms, options) => realSleep(ms / scale, options?.abortSignal),
  };
}

function realSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal));
    const timer = setTimeout(
      () => {
        unsubscribe();
        resolve();
      },
      Math.max(0, ms),
    );
    const unsubscribe = onAbort(signal, () => {
      clearTimeout(timer);
      reject(abortedError(signal as AbortSignal));
    });
  });
}

interface Sleeper {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Discrete-event time for tests: nothing really waits. Sleepers wake in time order; the clock jumps
 * to the next wake-up once the event loop has run everything that was ready (setImmediate), so a
 * 10-minute VM boot costs microseconds while ordering between concurrent sleepers stays right.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #sleepers: Sleeper[] = [];
  #tickScheduled = false;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward by hand (waking sleepers whose time has come). */
  advance(ms: number): void {
    this.#now += Math.max(0, ms);
    this.#wakeDue();
  }

  sleep(ms: number, options?: { abortSignal?: AbortSignal | undefined }): Promise<void> {
    const signal = options?.abortSignal;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortedError(signal));
      const sleeper: Sleeper = { at: this.#now + Math.max(0, ms), seq: this.#seq++, resolve: () => undefined };
      const unsubscribe = onAbort(signal, () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(abortedError(signal as AbortSignal));
      });
      sleeper.resolve = () => {
        unsubscribe();
        resolve();
      };
      this.#sleepers.push(sleeper);
      this.#sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.#scheduleTick();
    });
  }

  #scheduleTick(): void {
    if (this.#tickScheduled) return;
    this.#tickScheduled = true;
    setImmediate(() => {
      this.#tickScheduled = false;
      const next = this.#sleepers[0];
      if (!next) return;
      this.#now = Math.max(this.#now, next.at);
      this.#wakeDue();
    });
  }

  #wakeDue(): void {
    while (this.#sleepers[0] && this.#sleepers[0].at <= this.#now) {
      this.#sleepers.shift()?.resolve();
    }
    if (this.#sleepers.length > 0) this.#scheduleTick();
  }
}
