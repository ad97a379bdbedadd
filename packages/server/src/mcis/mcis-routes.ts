import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { invalidArgument } from "@cloud-barista/core";
import type {
  DynamicSubGroupRequest,
  McisInfo,
  PartialFailurePolicy,
  ProgressListener,
  SubGroupRequest,
} from "@cloud-barista/mcis";
import type { ServerEnv } from "../http/env.js";
import { connConfigs, locations } from "./connections.js";
import { startLongWork } from "./long-work.js";
import type { LongWork } from "./long-work.js";
import {
  connConfigList,
  countOf,
  dynamicRequest,
  mcisInfo,
  mcisList,
  mcisParams,
  mcisStatusInfo,
  messageBody,
  namespaceInfo,
  namespaceList,
  namespaceRequest,
  nsParams,
  operationAccepted,
  scaleOutRequest,
  staticRequest,
  subGroupParams,
  vmParams,
  waitQuery,
} from "./schemas.js";
import { mcisJson, statusJson } from "./shapes.js";
import type { TenantStates } from "./tenant-state.js";
import type { NamespaceRecord } from "./namespaces.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const tags = ["MCIS"];
const security = [{ bearer: [] }];

const nsJson = (ns: NamespaceRecord): z.infer<typeof namespaceInfo> => ({
  id: ns.id,
  name: ns.id,
  description: ns.description,
  createdTime: ns.createdAt,
});

/** A long request's answer: 202 with the operation, or 200 with the result under `?wait=true`. */
const longResponses = <T extends z.ZodType>(result: T) => ({
  200: json(result, "done (wait=true)"),
  202: json(operationAccepted, "started: follow the operation"),
});

/**
 * Namespaces, connections (for the map), and MCIS: create (dynamic and static), get, list,
 * control, scale-out and delete, in Tumblebug's paths and JSON.
 */
export function mcisCrudRoutes(app: OpenAPIHono<ServerEnv>, states: TenantStates): void {
  const state = (c: Context<ServerEnv>) => states.of(c.get("tenant"));
  /** The tenant's state, after checking the namespace exists (404 otherwise). */
  const inNamespace = async (c: Context<ServerEnv>, nsId: string) => {
    const s = state(c);
    await s.namespaces.get(nsId);
    return s;
  };
  const toJson = async (c: Context<ServerEnv>, info: McisInfo) =>
    mcisJson(info, await locations(c.get("tenant").barista));

  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/connConfig",
      tags,
      security,
      summary: "The tenant's connection configs with their regions' locations",
      responses: { 200: json(connConfigList, "connection configs") },
    }),
    async (c) => c.json({ connectionconfig: await connConfigs(c.get("tenant").barista) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/tumblebug/ns",
      tags,
      security,
      summary: "Create a namespace",
      request: { body: { content: { "application/json": { schema: namespaceRequest } }, required: true } },
      responses: { 200: json(namespaceInfo, "created") },
    }),
    async (c) => {
      const body = c.req.valid("json");
      return c.json(nsJson(await state(c).namespaces.create(body.name, body.description)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/ns",
      tags,
      security,
      summary: "List namespaces (`default` is always there)",
      responses: { 200: json(namespaceList, "namespaces") },
    }),
    async (c) => c.json({ ns: (await state(c).namespaces.list()).map(nsJson) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/ns/{nsId}",
      tags,
      security,
      summary: "Get a namespace",
      request: { params: nsParams },
      responses: { 200: json(namespaceInfo, "the namespace") },
    }),
    async (c) => c.json(nsJson(await state(c).namespaces.get(c.req.valid("param").nsId)), 200),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/tumblebug/ns/{nsId}",
      tags,
      security,
      summary: "Delete an empty namespace",
      request: { params: nsParams },
      responses: { 200: json(messageBody, "deleted") },
    }),
    async (c) => {
      const { nsId } = c.req.valid("param");
      const s = state(c);
      await s.namespaces.delete(nsId, async () => (await s.service.list(nsId, { refresh: false })).length > 0);
      return c.json({ message: `The namespace ${nsId} has been deleted` }, 200);
    },
  );

  /** Starts `work` as an operation: 202 with the operation, or 200 with its result under `?wait=true`. */
  const longAnswer = async <T>(c: Context<ServerEnv>, work: LongWork<T>, wait: string | undefined) => {
    const result = await startLongWork(c, state(c), work, wait === "true");
    return result.accepted ? c.json(result.body, 202) : c.json(result.body, 200);
  };
  /** An operation on one MCIS whose result is the MCIS as it is afterwards. */
  const mcisWork = (
    c: Context<ServerEnv>,
    kind: LongWork<unknown>["kind"],
    action: string,
    target: { namespace: string; name: string },
    run: (onProgress: ProgressListener) => Promise<McisInfo>,
  ): LongWork<ReturnType<typeof mcisJson>> => ({
    kind,
    action,
    namespace: target.namespace,
    mcisId: target.name,
    run: async (onProgress) => toJson(c, await run(onProgress)),
  });

  // ---- create ----

  /** What every sub-group request of both creates carries: size, root disk and labels. */
  const subGroupCommon = (vm: {
    subGroupSize?: string | number | undefined;
    rootDiskType?: string | undefined;
    rootDiskSize?: string | number | undefined;
    label?: Record<string, string> | undefined;
  }) => ({
    size: vm.subGroupSize === undefined ? 1 : countOf(vm.subGroupSize),
    ...(vm.rootDiskType === undefined ? {} : { rootDiskType: vm.rootDiskType }),
    ...(vm.rootDiskSize === undefined ? {} : { rootDiskSizeGB: Number(vm.rootDiskSize) }),
    ...(vm.label === undefined ? {} : { labels: vm.label }),
  });
  /** The MCIS request around the sub-groups, from the body's name, description, labels and policy. */
  const mcisRequest = <G>(
    nsId: string,
    body: {
      name: string;
      description?: string | undefined;
      label?: Record<string, string> | undefined;
      policyOnPartialFailure?: PartialFailurePolicy | undefined;
    },
    subGroups: G[],
  ) => ({
    namespace: nsId,
    name: body.name,
    ...(body.description === undefined ? {} : { description: body.description }),
    ...(body.label === undefined ? {} : { labels: body.label }),
    ...(body.policyOnPartialFailure === undefined ? {} : { policy: body.policyOnPartialFailure }),
    subGroups,
  });

  app.openapi(
    createRoute({
      method: "post",
      path: "/tumblebug/ns/{nsId}/mcisDynamic",
      tags,
      security,
      summary: "Create an MCIS with specs and images by name or keywords (default networks)",
      request: {
        params: nsParams,
        query: waitQuery,
        body: { content: { "application/json": { schema: dynamicRequest } }, required: true },
      },
      responses: longResponses(mcisInfo),
    }),
    async (c) => {
      const { nsId } = c.req.valid("param");
      const body = c.req.valid("json");
      const s = await inNamespace(c, nsId);
      const subGroups = body.vm.map((vm, i): DynamicSubGroupRequest => {
        let connection = vm.connectionName;
        let spec = vm.commonSpec;
        if (connection === undefined) {
          const plus = spec.indexOf("+");
          if (plus <= 0) {
            throw invalidArgument(
              `vm.${i}.commonSpec`,
              "connection",
              'give connectionName, or commonSpec as "<connection>+<spec>"',
            );
          }
          connection = spec.slice(0, plus);
          spec = spec.slice(plus + 1);
        }
        return {
          name: vm.name ?? `g${i + 1}`,
          connection,
          spec,
          image: vm.commonImage,
          ...subGroupCommon(vm),
        };
      });
      const request = mcisRequest(nsId, body, subGroups);
      // Checked now (names, connections, specs, images, quotas), so a bad request is a 400 and not a failed operation.
      await s.service.createDynamic({ ...request, dryRun: true });
      const run = (onProgress: ProgressListener) => s.service.createDynamic(request, { onProgress });
      return longAnswer(c, mcisWork(c, "create", "Create", request, run), c.req.valid("query").wait);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/tumblebug/ns/{nsId}/mcis",
      tags,
      security,
      summary: "Create an MCIS from exact specs and images (network pieces optional)",
      request: {
        params: nsParams,
        query: waitQuery,
        body: { content: { "application/json": { schema: staticRequest } }, required: true },
      },
      responses: longResponses(mcisInfo),
    }),
    async (c) => {
      const { nsId } = c.req.valid("param");
      const body = c.req.valid("json");
      const s = await inNamespace(c, nsId);
      const subGroups = body.vm.map((vm): SubGroupRequest => ({
        name: vm.name,
        connection: vm.connectionName,
        specName: vm.specId,
        image: vm.imageId,
        ...subGroupCommon(vm),
        ...(vm.vNetId === undefined ? {} : { vpcName: vm.vNetId }),
        ...(vm.subnetId === undefined ? {} : { subnetName: vm.subnetId }),
        ...(vm.securityGroupIds === undefined ? {} : { securityGroupNames: vm.securityGroupIds }),
        ...(vm.sshKeyId === undefined ? {} : { keyPairName: vm.sshKeyId }),
      }));
      const request = mcisRequest(nsId, body, subGroups);
      await s.service.plan(request);
      const run = (onProgress: ProgressListener) => s.service.create(request, { onProgress });
      return longAnswer(c, mcisWork(c, "create", "Create", request, run), c.req.valid("query").wait);
    },
  );

  // ---- read ----

  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/ns/{nsId}/mcis",
      tags,
      security,
      summary: "List the MCIS of a namespace, statuses read from the clouds",
      request: { params: nsParams },
      responses: { 200: json(mcisList, "MCIS") },
    }),
    async (c) => {
      const { nsId } = c.req.valid("param");
      const s = await inNamespace(c, nsId);
      const list = await s.service.list(nsId);
      const conns = await locations(c.get("tenant").barista);
      return c.json({ mcis: list.map((info) => mcisJson(info, conns)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/ns/{nsId}/mcis/{mcisId}",
      tags,
      security,
      summary: "Get an MCIS (`option=status`: statuses only)",
      request: { params: mcisParams, query: z.object({ option: z.enum(["status"]).optional() }) },
      responses: { 200: json(z.union([mcisInfo, mcisStatusInfo]), "the MCIS") },
    }),
    async (c) => {
      const { nsId, mcisId } = c.req.valid("param");
      const s = await inNamespace(c, nsId);
      const ref = { namespace: nsId, name: mcisId };
      if (c.req.valid("query").option === "status") return c.json(statusJson(await s.service.status(ref)), 200);
      return c.json(await toJson(c, await s.service.get(ref)), 200);
    },
  );

  // ---- control ----

  const actions = ["suspend", "resume", "reboot", "terminate", "refine"] as const;
  const controlQuery = waitQuery.extend({ action: z.enum(actions) });
  const control = async (
    c: Context<ServerEnv>,
    target: { namespace: string; name: string; vm?: string },
    action: (typeof actions)[number],
    wait: string | undefined,
  ) => {
    const s = await inNamespace(c, target.namespace);
    const verb = (action.charAt(0).toUpperCase() + action.slice(1)) as Capitalize<typeof action>;
    const run = async (onProgress: ProgressListener): Promise<McisInfo> => {
      const options = { onProgress };
      switch (action) {
        case "suspend":
          return s.service.suspend(target, options);
        case "resume":
          return s.service.resume(target, options);
        case "reboot":
          return s.service.reboot(target, options);
        case "terminate":
          return s.service.terminate(target, options);
        case "refine":
          if (target.vm !== undefined) throw invalidArgument("action", "enum", "refine applies to a whole MCIS");
          return s.service.refine(target, options);
      }
    };
    // An unknown MCIS or VM is a 404 now, not a failed operation.
    const info = await s.service.get(target, { refresh: false });
    if (target.vm !== undefined && !info.vms.some((vm) => vm.id === target.vm)) {
      throw invalidArgument("vmId", "unknown-vm", `MCIS "${target.name}" has no VM "${target.vm}"`);
    }
    return longAnswer(c, mcisWork(c, "control", verb, target, run), wait);
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/ns/{nsId}/control/mcis/{mcisId}",
      tags,
      security,
      summary: "Suspend, resume, reboot, terminate or refine an MCIS",
      request: { params: mcisParams, query: controlQuery },
      responses: longResponses(mcisInfo),
    }),
    async (c) => {
      const { nsId, mcisId } = c.req.valid("param");
      const { action, wait } = c.req.valid("query");
      return control(c, { namespace: nsId, name: mcisId }, action, wait);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/ns/{nsId}/control/mcis/{mcisId}/vm/{vmId}",
      tags,
      security,
      summary: "Suspend, resume, reboot or terminate one VM of an MCIS",
      request: { params: vmParams, query: controlQuery },
      responses: longResponses(mcisInfo),
    }),
    async (c) => {
      const { nsId, mcisId, vmId } = c.req.valid("param");
      const { action, wait } = c.req.valid("query");
      return control(c, { namespace: nsId, name: mcisId, vm: vmId }, action, wait);
    },
  );

  // ---- scale out ----

  app.openapi(
    createRoute({
      method: "post",
      path: "/tumblebug/ns/{nsId}/mcis/{mcisId}/subgroup/{subgroupId}",
      tags,
      security,
      summary: "Scale out a sub-group by numVMsToAdd VMs",
      request: {
        params: subGroupParams,
        query: waitQuery,
        body: { content: { "application/json": { schema: scaleOutRequest } }, required: true },
      },
      responses: longResponses(mcisInfo),
    }),
    async (c) => {
      const { nsId, mcisId, subgroupId } = c.req.valid("param");
      const count = countOf(c.req.valid("json").numVMsToAdd);
      const s = await inNamespace(c, nsId);
      const info = await s.service.get({ namespace: nsId, name: mcisId }, { refresh: false });
      if (!info.subGroups.some((g) => g.name === subgroupId)) {
        throw invalidArgument("subgroupId", "unknown-subgroup", `MCIS "${mcisId}" has no sub-group "${subgroupId}"`);
      }
      const target = { namespace: nsId, name: mcisId };
      const run = (onProgress: ProgressListener) =>
        s.service.scaleOut({ ...target, subGroup: subgroupId }, count, { onProgress });
      return longAnswer(c, mcisWork(c, "scaleOut", "Create", target, run), c.req.valid("query").wait);
    },
  );

  // ---- delete ----

  app.openapi(
    createRoute({
      method: "delete",
      path: "/tumblebug/ns/{nsId}/mcis/{mcisId}",
      tags,
      security,
      summary: "Delete an MCIS (`option=terminate` terminates running VMs first)",
      request: {
        params: mcisParams,
        query: waitQuery.extend({ option: z.enum(["terminate", "force"]).optional() }),
      },
      responses: longResponses(messageBody),
    }),
    async (c) => {
      const { nsId, mcisId } = c.req.valid("param");
      const { option, wait } = c.req.valid("query");
      const s = await inNamespace(c, nsId);
      await s.service.get({ namespace: nsId, name: mcisId }, { refresh: false });
      return longAnswer(
        c,
        {
          kind: "delete",
          action: "Terminate",
          namespace: nsId,
          mcisId,
          run: async (onProgress) => {
            await s.service.delete(
              { namespace: nsId, name: mcisId },
              { terminate: option === "terminate" || option === "force", onProgress },
            );
            return { message: `Deleted the MCIS ${mcisId}` };
          },
        },
        wait,
      );
    },
  );
}
