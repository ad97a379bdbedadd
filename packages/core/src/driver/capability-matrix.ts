import type { DriverCapabilities } from "./capabilities.js";
import { handlerNames, optionalOperations, supportsOperation } from "./capabilities.js";

const mark = (yes: boolean): string => (yes ? "yes" : "-");

/** A Markdown table of what each driver supports, generated from the drivers' own capabilities. */
export function capabilityMatrix(drivers: readonly { provider: string; capabilities: DriverCapabilities }[]): string {
  const header = ["", ...drivers.map((d) => d.provider)];
  const rows: string[][] = [
    ...handlerNames.map((h) => [`handler: ${h}`, ...drivers.map((d) => mark(d.capabilities.handlers[h]))]),
    ...optionalOperations.map((op) => [
      `operation: ${op}`,
      ...drivers.map((d) => mark(supportsOperation(d.capabilities, op))),
    ]),
    ["quirk: VPC has a CIDR", ...drivers.map((d) => mark(d.capabilities.quirks.vpcCidr))],
    ["quirk: zone-based control", ...drivers.map((d) => mark(d.capabilities.quirks.zoneBasedControl))],
    ["tags on", ...drivers.map((d) => d.capabilities.tagResourceTypes.join(", ") || "-")],
    [
      "cloud-side names",
      ...drivers.map(
        (d) =>
          `max ${d.capabilities.naming.defaultMaxLength}, "${d.capabilities.naming.separator}"${d.capabilities.naming.lowerCase ? ", lower case" : ""}`,
      ),
    ],
  ];
  return [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n") + "\n";
}
