import type { FrontRequest } from "../http-front.js";
import { atLeast } from "./cinder-versions.js";
import { requireVolumeQuota } from "./cinder-quotas.js";
import { pythonRepr, schemaError, volumeSize } from "./cinder-validation.js";
import { findVolume, volumeStatus } from "./cinder-volumes.js";
import { badRequest, noContent, readJson } from "./http.js";
import type { Route, ServiceCall } from "./service.js";

// POST /volumes/{id}/action: the body's one key names the action. The emulator serves os-extend,
// which Cinder accepts with 202 and carries out in the background (the volume is "extending").

/** The action a body names (its first key). */
function actionOf(body: Record<string, unknown>): string {
  return Object.keys(body)[0] ?? "None";
}

const apiOfAction: Readonly<Record<string, string>> = { "os-extend": "cinder:ExtendVolume" };

function actionApi(request: FrontRequest): string {
  try {
    return apiOfAction[actionOf(readJson(request))] ?? "cinder:VolumeAction";
  } catch {
    return "cinder:VolumeAction";
  }
}

/** The `os-extend` body, checked against Cinder's schema: `{"new_size": <volume size>}` and nothing else. */
function extendArgs(body: Record<string, unknown>): { newSize: number } {
  const args = body["os-extend"];
  if (args === null || typeof args !== "object" || Array.isArray(args))
    throw schemaError("os-extend", args, `${pythonRepr(args)} is not of type 'object'`);
  const extra = Object.keys(args).filter((k) => k !== "new_size");
  if (extra.length > 0)
    throw schemaError(
      "os-extend",
      args,
      `Additional properties are not allowed (${extra.map(pythonRepr).join(", ")} ${extra.length > 1 ? "were" : "was"} unexpected)`,
    );
  if (!("new_size" in args)) throw schemaError("os-extend", args, "'new_size' is a required property");
  return { newSize: volumeSize("new_size", (args as Record<string, unknown>)["new_size"]) ?? 0 };
}

/**
 * os-extend, as cinder.volume.api._extend checks it: a larger size first, then the status (an
 * in-use volume only from microversion 3.42, "available" otherwise), then the gigabytes quota.
 */
function extend(call: ServiceCall, body: Record<string, unknown>) {
  const { newSize } = extendArgs(body);
  return call.call((cloud, gate) => {
    const disk = findVolume(cloud, call.params[0] ?? "");
    if (newSize <= disk.sizeGB)
      throw badRequest(
        `Invalid input received: New size for extend must be greater than current size. (current: ${disk.sizeGB}, extended: ${newSize}).`,
      );
    const status = volumeStatus(disk);
    const expected = status === "in-use" && atLeast(call.microversion, 3, 42) ? "in-use" : "available";
    if (status !== expected)
      throw badRequest(
        `Invalid volume: Volume ${disk.id} status must be '{'status': '${expected}'}' to extend, currently ${status}.`,
      );
    requireVolumeQuota(call, cloud, 0, newSize - disk.sizeGB);
    cloud.disks.extend(disk.id, newSize, gate);
    return noContent(202);
  });
}

export const volumeActionRoutes: readonly Route[] = [
  {
    method: "POST",
    path: /^\/volumes\/([^/]+)\/action$/,
    api: actionApi,
    handle: (call) => {
      const body = readJson(call.request);
      const action = actionOf(body);
      if (action === "os-extend") return extend(call, body);
      throw badRequest(
        `There is no such action: ${action}. Verify the request body and Content-Type header and try again.`,
      );
    },
  },
];
