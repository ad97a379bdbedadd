/**
 * The resource group of a connection: "cloud-barista-<connection name>", with the characters ARM
 * refuses replaced by "-", at most 90 characters and not ending with a period.
 */
export function resourceGroupOf(connectionName: string): string {
  const name = `cloud-barista-${connectionName}`.replace(/[^-\w.()]/g, "-").slice(0, 90);
  return name.replace(/\.+$/, "");
}
