import type { AccountRegion } from "../../world/account-region.js";
import type { GateContext } from "../../world/world.js";
import type { ActionContext, ActionResult } from "./actions.js";
import { invalidValue } from "./errors.js";

/**
 * Runs a create through the gate, answering a repeated ClientToken with the first answer (Tencent
 * documents no mismatch error: the token alone names the request). The answer is remembered inside
 * the gate, so a create whose answer was lost ("after" fault) is found again by its retry.
 */
export async function idempotent(
  c: ActionContext,
  fn: (cloud: AccountRegion, gate: GateContext) => ActionResult | Promise<ActionResult>,
  options: { cost?: number } = {},
): Promise<ActionResult> {
  const token = c.params.string("ClientToken");
  if (token === undefined || token === "") return c.call(fn, options);
  if (token.length > 64 || !/^[\x20-\x7e]+$/.test(token)) {
    throw invalidValue("ClientToken", "It must be at most 64 ASCII characters.", "InvalidClientToken");
  }
  const key = [c.caller.account, c.region, c.service.name, c.action, token].join("\u0000");
  return c.call(async (cloud, gate) => {
    const now = c.world.clock.now();
    const earlier = c.state.remembered(key, now, c.settings.clientTokenRetentionMs);
    if (earlier) return earlier;
    const result = await fn(cloud, gate);
    c.state.remember(key, result, now);
    return result;
  }, options);
}
