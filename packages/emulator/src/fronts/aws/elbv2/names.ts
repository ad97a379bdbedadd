import { randomBytes } from "node:crypto";
import { AwsFault } from "../fault.js";

/** Load balancer and target group names: 1-32 of a-z, A-Z, 0-9 and "-", no "-" at either end. */
export function checkElbName(kind: "load balancer" | "target group", name: string): void {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name)) {
    throw new AwsFault(
      "ValidationError",
      `The ${kind} name '${name}' must be 1 to 32 characters of letters, digits and hyphens, and must not begin or end with a hyphen`,
    );
  }
  if (kind === "load balancer" && name.startsWith("internal-")) {
    throw new AwsFault("ValidationError", "Load balancer names cannot start with 'internal-'");
  }
}

/** The random part of an ELBv2 ARN. */
export function arnSuffix(): string {
  return randomBytes(8).toString("hex");
}

export function elbArn(region: string, account: string, resource: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:${resource}`;
}
