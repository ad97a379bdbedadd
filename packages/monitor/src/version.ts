/** The package version, reported by the collector. */
export const monitorVersion = "0.1.0";
