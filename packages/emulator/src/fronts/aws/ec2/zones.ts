const directions: Readonly<Record<string, string>> = {
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/** The short region code AWS uses in zone ids ("ap-northeast-2" -> "apne2"). */
export function regionCode(region: string): string {
  return region
    .split("-")
    .map((part) => directions[part] ?? part)
    .join("");
}

/** A zone id in AWS's style ("apne2-az1"), numbered by the zone's letter. */
export function zoneIdOf(zone: string): string {
  const letter = zone.slice(-1);
  const region = zone.slice(0, -1);
  return `${regionCode(region)}-az${letter.charCodeAt(0) - 96}`;
}
