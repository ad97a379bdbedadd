import type { FrontRequest } from "../../http-front.js";
import type { Vm } from "../../../world/types.js";
import { FrontError, badRequest, json, noContent, objectField, readJson, stringField } from "../http.js";
import type { Route } from "../service.js";
import { atLeast } from "./microversion.js";
import { novaStateByWorldState } from "./render.js";
import { requireServer } from "./servers.js";

/** The action a `POST /servers/{id}/action` body names: its one top-level key. */
function actionOf(request: FrontRequest): string {
  try {
    return Object.keys(readJson(request))[0] ?? "";
  } catch {
    return "";
  }
}

const apiByAction: Readonly<Record<string, string>> = {
  "os-stop": "nova:StopServer",
  "os-start": "nova:StartServer",
  reboot: "nova:RebootServer",
  createImage: "nova:CreateServerImage",
};

/** The vm_states each action needs, with no task under way (nova/compute/api.py check_instance_state). */
const allowed: Readonly<Record<string, { name: string; vmStates: readonly string[] }>> = {
  "os-stop": { name: "stop", vmStates: ["active", "error"] },
  "os-start": { name: "start", vmStates: ["stopped"] },
  reboot: { name: "reboot", vmStates: ["active", "stopped", "error"] },
  createImage: { name: "createImage", vmStates: ["active", "stopped"] },
};

/** Nova's 409 for an action the server's state does not allow (raise_http_conflict_for_instance_invalid_state). */
function requireState(vm: Vm, action: string): void {
  const rule = allowed[action];
  if (!rule) return;
  const state = novaStateByWorldState[vm.state];
  const [attr, value] = state.taskState !== null ? ["task_state", state.taskState] : ["vm_state", state.vmState];
  if (state.taskState !== null || !rule.vmStates.includes(state.vmState))
    throw new FrontError(409, `Cannot '${rule.name}' instance ${vm.id} while it is in ${attr} ${value}`);
}

/**
 * Server actions the world can play: stop, start, reboot and snapshot. Suspend, pause, shelve and
 * the rest have no world state of their own and are refused.
 */
export const actionRoutes: readonly Route[] = [
  {
    method: "POST",
    path: /^\/servers\/([^/]+)\/action$/,
    api: (request) => apiByAction[actionOf(request)] ?? "nova:ServerAction",
    handle: (call) => {
      const body = readJson(call.request);
      const action = Object.keys(body)[0] ?? "";
      if (apiByAction[action] === undefined)
        throw badRequest(`The emulator does not support the server action "${action}".`);
      return call.call((cloud) => {
        const vm = requireServer(cloud, call.params[0] ?? "");
        requireState(vm, action);
        switch (action) {
          case "os-stop":
            cloud.vms.stop(vm.id);
            return noContent(202);
          case "os-start":
            cloud.vms.start(vm.id);
            return noContent(202);
          case "reboot": {
            const type = stringField(objectField(body, "reboot"), "type", true);
            if (type !== "SOFT" && type !== "HARD")
              throw badRequest(`Invalid input for field/attribute type. Value: ${type}.`);
            cloud.vms.reboot(vm.id);
            return noContent(202);
          }
          default: {
            const args = objectField(body, "createImage");
            // Snapshot metadata becomes Glance image properties, which the world does not keep.
            const image = cloud.myImages.create({ name: stringField(args, "name", true), vmId: vm.id });
            const location = `${call.baseUrl}/${encodeURIComponent(call.region)}/image/v2/images/${image.id}`;
            return atLeast(call.microversion, 2, 45)
              ? json(202, { image_id: image.id }, { location })
              : noContent(202, { location });
          }
        }
      });
    },
  },
];
