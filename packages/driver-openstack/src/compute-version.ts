/** Nova's version document (GET on its versioned root), as far as microversions go. */
export interface ComputeVersion {
  /** The highest microversion ("2.60"); "" on the legacy v2 API, which has none. */
  version?: string;
  min_version?: string;
}

const parse = (v: string): [number, number] => {
  const [major = 0, minor = 0] = v.split(".").map(Number);
  return [major, minor];
};
const below = (a: string, b: string): boolean => {
  const [x, y] = [parse(a), parse(b)];
  return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);
};

/**
 * The microversion to send: the one the driver wants, lowered to the cloud's highest (older
 * releases stop below it); none where the API has no microversions (the legacy v2 endpoint).
 */
export function negotiateMicroversion(wanted: string, cloud: ComputeVersion): string | undefined {
  const highest = cloud.version ?? "";
  if (highest === "") return undefined;
  return below(highest, wanted) ? highest : wanted;
}
