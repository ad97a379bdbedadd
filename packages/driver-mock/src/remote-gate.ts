import { abortedError } from "@cloud-barista/core/driver";
import { WorldError } from "@cloud-barista/emulator";
import type { AccountRegion, CallTarget, WorldErrorCode } from "@cloud-barista/emulator";
import { mockCallPath } from "@cloud-barista/emulator/mock";
import type { MockCallError, MockCallRequest } from "@cloud-barista/emulator/mock";

/** What a session needs of the world: its one gate. `World` is one; `RemoteWorldGate` reaches one over HTTP. */
export interface WorldGate {
  /** `gate` is what the world's gate tells the operation (in-process only; see `World.call`). */
  call<T>(
    target: CallTarget,
    fn: (cloud: AccountRegion, gate?: { failsLater: boolean }) => T | Promise<T>,
    options?: { abortSignal?: AbortSignal | undefined },
  ): Promise<T>;
}

type Outcome = { value: unknown } | { error: WorldError };

/** Raised inside a replay when `fn` reaches a service call the world has not answered yet. */
class NeedsCall extends Error {
  readonly service: string;
  readonly method: string;
  readonly args: unknown[];

  constructor(service: string, method: string, args: unknown[]) {
    super(`${service}.${method} needs the remote world's answer`);
    this.service = service;
    this.method = method;
    this.args = args;
  }
}

/**
 * A world in another process, behind the emulator's mock front. A handler's closure
 * `(cloud) => cloud.vms.run({...})` cannot travel, so it runs here against a recording stand-in:
 * each service call it makes is sent as one JSON call, and the closure is replayed with the answers
 * so far until it finishes. Almost every closure makes one call; one that makes two (removeSubnet
 * reads, then deletes) passes the remote gate twice. A `where` filter (a function) stays here and
 * is applied to the page the world returns, which keeps page tokens valid.
 */
export class RemoteWorldGate implements WorldGate {
  readonly #url: string;

  constructor(endpoint: string) {
    this.#url = new URL(mockCallPath, endpoint).toString();
  }

  async call<T>(
    target: CallTarget,
    fn: (cloud: AccountRegion) => T | Promise<T>,
    options: { abortSignal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    const outcomes: Outcome[] = [];
    for (;;) {
      try {
        return await fn(recordingCloud(outcomes));
      } catch (thrown) {
        if (!(thrown instanceof NeedsCall)) throw thrown;
        outcomes.push(await this.#send(target, thrown, options.abortSignal));
      }
    }
  }

  async #send(target: CallTarget, call: NeedsCall, signal: AbortSignal | undefined): Promise<Outcome> {
    const { args, where } = splitFilter(call.args);
    const body: MockCallRequest = {
      account: target.account,
      region: target.region,
      api: target.api,
      service: call.service,
      method: call.method,
      args,
    };
    // fetch leaves its listener on the signal it is given until the request is garbage collected,
    // and an operation's signal outlives thousands of calls: give fetch a signal of its own.
    if (signal?.aborted) throw abortedError(signal);
    const controller = new AbortController();
    const forward = (): void => controller.abort(signal?.reason);
    signal?.addEventListener("abort", forward, { once: true });
    let response: Response;
    try {
      response = await fetch(this.#url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
    } catch (error) {
      signal?.removeEventListener("abort", forward);
      if (signal?.aborted) throw abortedError(signal);
      // The call may or may not have reached the world: only idempotent calls get retried.
      throw new WorldError(
        "Unavailable",
        `mock front unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    try {
      return await this.#answer(response, where);
    } finally {
      signal?.removeEventListener("abort", forward);
    }
  }

  async #answer(response: Response, where: ReturnType<typeof splitFilter>["where"]): Promise<Outcome> {
    if (response.status !== 200) {
      throw new WorldError("Unavailable", `mock front answered HTTP ${response.status}: ${await response.text()}`);
    }
    const answer = (await response.json()) as { result?: unknown; error?: MockCallError };
    if (answer.error) {
      const { code, message, ...rest } = answer.error;
      return { error: new WorldError(code as WorldErrorCode, message, rest) };
    }
    return { value: where ? filterPage(answer.result, where) : answer.result };
  }
}

/**
 * A stand-in AccountRegion: `cloud.<service>.<method>(...args)` returns the recorded answer of that
 * call (or throws its error); the first call without an answer raises NeedsCall.
 */
function recordingCloud(outcomes: readonly Outcome[]): AccountRegion {
  let next = 0;
  const service = (name: string): unknown =>
    new Proxy(
      {},
      {
        get: (_target, method) => {
          if (typeof method !== "string") return undefined;
          return (...args: unknown[]): unknown => {
            const outcome = outcomes[next++];
            if (!outcome) throw new NeedsCall(name, method, args);
            if ("error" in outcome) throw outcome.error;
            return outcome.value;
          };
        },
      },
    );
  // Only the services' methods are reachable through the stand-in, which is all handlers use.
  return new Proxy(
    {},
    { get: (_target, name) => (typeof name === "string" ? service(name) : undefined) },
  ) as AccountRegion;
}

type Where = (item: unknown) => boolean;

/** Takes a list call's `where` function out of its options (functions cannot travel). */
function splitFilter(args: unknown[]): { args: unknown[]; where: Where | undefined } {
  let where: Where | undefined;
  const plain = args.map((arg) => {
    if (arg === null || typeof arg !== "object" || !("where" in arg)) return arg;
    const { where: filter, ...rest } = arg as { where?: unknown };
    if (typeof filter === "function") where = filter as Where;
    return rest;
  });
  return { args: plain, where };
}

function filterPage(result: unknown, where: Where): unknown {
  if (result === null || typeof result !== "object" || !Array.isArray((result as { items?: unknown }).items))
    return result;
  const page = result as { items: unknown[] };
  return { ...page, items: page.items.filter(where) };
}
