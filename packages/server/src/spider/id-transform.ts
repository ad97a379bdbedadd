import { badRequest } from "../http/errors.js";

/**
 * Spider's per-request IDTransformMode. Here cloud-side names are a connection's setting
 * (`deriveCloudNames`), so a request may say ON (the default) and nothing else.
 */
export function checkIdTransform(mode: "ON" | "OFF" | undefined): void {
  if (mode === "OFF") {
    throw badRequest(
      "IDTransformMode",
      "is a connection setting here (deriveCloudNames: false), not a per-request one",
      "not-supported",
    );
  }
}
