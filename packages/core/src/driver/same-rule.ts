import type { SecurityRule } from "../model/security-group.js";

/** Whether two portable security rules allow the same traffic (drivers match cloud rules against requests). */
export function sameRule(a: SecurityRule, b: SecurityRule): boolean {
  return (
    a.direction === b.direction &&
    a.protocol === b.protocol &&
    a.fromPort === b.fromPort &&
    a.toPort === b.toPort &&
    a.cidr === b.cidr
  );
}
