/** The clouds the SDK knows by name: drivers, the emulator and placement all use these. */
export const providerNames = ["AWS", "AZURE", "GCP", "ALIBABA", "TENCENT", "IBM", "OPENSTACK", "MOCK"] as const;

/** A cloud the SDK knows by name ("AWS", "OPENSTACK", ...). */
export type ProviderName = (typeof providerNames)[number];

/** Whether a string names one of the SDK's providers. */
export function isProviderName(value: unknown): value is ProviderName {
  return typeof value === "string" && (providerNames as readonly string[]).includes(value);
}
