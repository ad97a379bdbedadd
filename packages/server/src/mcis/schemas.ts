import { z } from "@hono/zod-openapi";
import { idPattern, maxIdLength, mcisLimits, partialFailurePolicies } from "@cloud-barista/mcis";

// The JSON of the MCIS API, in Tumblebug's field names and casing (camelCase, `vm` lists,
// `subGroupSize` as a string or a number). The OpenAPI document is generated from these.

const idMessage = "lower-case letters, digits and '-', starting with a letter, not ending with '-'";
export const idSchema = z.string().min(1).max(maxIdLength).regex(idPattern, idMessage);
const nameSchema = z.string().min(1).max(256);
const labelSchema = z.record(z.string().max(256), z.string().max(256));
/** Sub-groups of one request (the engine checks its own bounds too). */
const maxSubGroups = 100;

/** A count Tumblebug clients send as a string ("2") and others as a number. */
export const countSchema = z
  .union([z.int().min(1).max(mcisLimits.vmsPerSubGroup), z.string().regex(/^[1-9][0-9]{0,3}$/, "a whole number >= 1")])
  .openapi({ example: "2" });

export function countOf(value: number | string): number {
  return typeof value === "number" ? value : Number(value);
}

export const nsParams = z.object({ nsId: idSchema.openapi({ param: { name: "nsId", in: "path" } }) });
export const mcisParams = nsParams.extend({
  mcisId: idSchema.openapi({ param: { name: "mcisId", in: "path" } }),
});
export const vmParams = mcisParams.extend({
  vmId: z
    .string()
    .min(1)
    .max(maxIdLength + 5)
    .openapi({ param: { name: "vmId", in: "path" } }),
});
export const subGroupParams = mcisParams.extend({
  subgroupId: idSchema.openapi({ param: { name: "subgroupId", in: "path" } }),
});

export const waitQuery = z.object({
  wait: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "true: answer when the work is done (as Spider and Tumblebug clients expect)" }),
});

// ---- namespaces ----

export const namespaceRequest = z
  .object({ name: idSchema, description: z.string().max(1024).optional() })
  .strict()
  .openapi("NsReq");
export const namespaceInfo = z
  .object({ id: z.string(), name: z.string(), description: z.string(), createdTime: z.string() })
  .openapi("NsInfo");
export const namespaceList = z.object({ ns: z.array(namespaceInfo) }).openapi("NsList");

// ---- connections (the map's regions) ----

export const locationSchema = z
  .object({ display: z.string(), latitude: z.number(), longitude: z.number() })
  .openapi("Location");
export const connConfig = z
  .object({
    configName: z.string(),
    providerName: z.string(),
    driverName: z.string(),
    credentialName: z.string(),
    regionZoneInfoName: z.string(),
    regionZoneInfo: z.object({ assignRegion: z.string(), assignZone: z.string() }),
    regionName: z.string(),
    location: locationSchema.optional(),
  })
  .openapi("ConnConfig");
export const connConfigList = z.object({ connectionconfig: z.array(connConfig) }).openapi("ConnConfigList");

// ---- MCIS requests ----

const policySchema = z.enum(partialFailurePolicies as ["continue", "rollback", "refine"]);

export const dynamicVmRequest = z
  .object({
    name: idSchema.optional().openapi({ description: "the sub-group's ID (default g1, g2, ...)" }),
    subGroupSize: countSchema.optional(),
    connectionName: nameSchema
      .optional()
      .openapi({ description: 'the connection; absent, commonSpec is "<connection>+<spec>"' }),
    commonSpec: nameSchema.openapi({ description: "a spec name, keywords of one, or <connection>+<spec>" }),
    commonImage: nameSchema.openapi({ description: 'an image id or keywords ("ubuntu 24.04")' }),
    rootDiskType: z.string().max(256).optional(),
    rootDiskSize: z.union([z.int().min(1), z.string().regex(/^[1-9][0-9]*$/)]).optional(),
    label: labelSchema.optional(),
    description: z.string().max(1024).optional(),
  })
  .strict()
  .openapi("McisDynamicVmReq");

export const dynamicRequest = z
  .object({
    name: idSchema,
    description: z.string().max(1024).optional(),
    label: labelSchema.optional(),
    policyOnPartialFailure: policySchema.optional(),
    vm: z.array(dynamicVmRequest).min(1).max(maxSubGroups),
  })
  .strict()
  .openapi("McisDynamicReq");

export const staticVmRequest = z
  .object({
    name: idSchema,
    subGroupSize: countSchema.optional(),
    connectionName: nameSchema,
    specId: nameSchema,
    imageId: nameSchema,
    vNetId: nameSchema.optional(),
    subnetId: nameSchema.optional(),
    securityGroupIds: z.array(nameSchema).max(16).optional(),
    sshKeyId: nameSchema.optional(),
    rootDiskType: z.string().max(256).optional(),
    rootDiskSize: z.union([z.int().min(1), z.string().regex(/^[1-9][0-9]*$/)]).optional(),
    label: labelSchema.optional(),
  })
  .strict()
  .openapi("McisVmReq");

export const staticRequest = z
  .object({
    name: idSchema,
    description: z.string().max(1024).optional(),
    label: labelSchema.optional(),
    policyOnPartialFailure: policySchema.optional(),
    vm: z.array(staticVmRequest).min(1).max(maxSubGroups),
  })
  .strict()
  .openapi("McisReq");

export const scaleOutRequest = z.object({ numVMsToAdd: countSchema }).strict().openapi("ScaleOutSubGroupReq");

// ---- MCIS answers ----

const statusCount = z
  .object({
    countTotal: z.int(),
    countCreating: z.int(),
    countRunning: z.int(),
    countFailed: z.int(),
    countSuspended: z.int(),
    countRebooting: z.int(),
    countTerminated: z.int(),
    countSuspending: z.int(),
    countResuming: z.int(),
    countTerminating: z.int(),
    countUndefined: z.int(),
  })
  .openapi("StatusCountInfo");

export const vmInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    subGroupId: z.string(),
    connectionName: z.string(),
    status: z.string(),
    targetStatus: z.string(),
    targetAction: z.string(),
    region: z.object({ Region: z.string(), Zone: z.string() }),
    location: locationSchema.optional(),
    specId: z.string(),
    imageId: z.string(),
    cspResourceName: z.string(),
    cspResourceId: z.string(),
    createdTime: z.string(),
    systemMessage: z.string(),
    failure: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .openapi("VmInfo");

export const mcisInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string().openapi({ example: "Partial-Running:3 (R:3/5)" }),
    statusCount: statusCount,
    targetStatus: z.string(),
    targetAction: z.string(),
    description: z.string(),
    label: z.record(z.string(), z.string()),
    policyOnPartialFailure: z.string(),
    systemMessage: z.array(z.string()),
    newVmList: z.array(z.string()),
    createdTime: z.string(),
    updatedTime: z.string(),
    vm: z.array(vmInfo),
  })
  .openapi("McisInfo");
export const mcisList = z.object({ mcis: z.array(mcisInfo) }).openapi("McisList");

export const mcisStatusInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    statusCount: statusCount,
    targetStatus: z.string(),
    targetAction: z.string(),
    masterVmId: z.string().optional(),
    vm: z.array(
      z.object({
        id: z.string(),
        subGroupId: z.string(),
        connectionName: z.string(),
        status: z.string(),
        targetStatus: z.string(),
        targetAction: z.string(),
        systemMessage: z.string(),
      }),
    ),
  })
  .openapi("McisStatusInfo");

export const messageBody = z.object({ message: z.string() }).openapi("SimpleMsg");

// ---- operations ----

export const operationAccepted = z
  .object({ operationId: z.string(), statusUrl: z.string(), eventsUrl: z.string() })
  .openapi("OperationAccepted");

export const operationInfo = z
  .object({
    id: z.string(),
    kind: z.enum(["create", "control", "scaleOut", "delete"]),
    action: z.string(),
    nsId: z.string(),
    mcisId: z.string(),
    state: z.enum(["running", "succeeded", "failed"]),
    progress: z.object({ done: z.int(), failed: z.int(), total: z.int() }),
    startedTime: z.string(),
    finishedTime: z.string().optional(),
    error: z.object({ message: z.string(), code: z.string(), field: z.string().optional() }).optional(),
  })
  .openapi("OperationInfo");
export const operationList = z.object({ operation: z.array(operationInfo) }).openapi("OperationList");

export const eventStream = {
  "text/event-stream": {
    schema: z.string().openapi({
      description:
        "Server-Sent Events: `progress` per VM (a McisProgressEvent as JSON), then `done` (the result) or `error` (an error body)",
    }),
  },
};

// ---- placement recommendation (Tumblebug's DeploymentPlan) ----

const condition = z.object({ operator: z.enum([">=", "<=", "=="]).optional(), operand: z.string().max(256) }).strict();
export const recommendRequest = z
  .object({
    filter: z
      .object({
        policy: z
          .array(z.object({ metric: z.string().max(64), condition: z.array(condition).min(1).max(4) }).strict())
          .max(16),
      })
      .strict()
      .optional(),
    priority: z
      .object({
        policy: z
          .array(
            z
              .object({
                metric: z.enum(["cost", "location", "latency", "performance", "random"]),
                weight: z.union([z.number().min(0).max(1_000_000), z.string().regex(/^[0-9.]+$/)]).optional(),
                parameter: z
                  .array(z.object({ key: z.string().max(64), val: z.array(z.string().max(256)).max(100) }).strict())
                  .max(8)
                  .optional(),
              })
              .strict(),
          )
          .max(8),
      })
      .strict()
      .optional(),
    limit: z.union([z.int().min(1).max(200), z.string().regex(/^[1-9][0-9]{0,2}$/)]).optional(),
  })
  .strict()
  .openapi("DeploymentPlan");

export const candidate = z
  .object({
    id: z.string().openapi({ description: "<connection>+<spec>, usable as commonSpec" }),
    name: z.string(),
    connectionName: z.string(),
    providerName: z.string(),
    regionName: z.string(),
    zone: z.string().optional(),
    cspSpecName: z.string(),
    vCPU: z.number(),
    memoryGiB: z.number(),
    architecture: z.string(),
    costPerHour: z.number().optional(),
    currency: z.string().optional(),
    location: locationSchema.optional(),
    imageId: z.string().optional(),
    imageName: z.string().optional(),
    orderInFilteredResult: z.int(),
    score: z.number(),
    explanation: z.string(),
    criteria: z.array(
      z.object({
        metric: z.string(),
        raw: z.number().optional(),
        normalized: z.number(),
        rank: z.int().optional(),
        text: z.string(),
      }),
    ),
  })
  .openapi("SpecCandidate");
export const candidateList = z.array(candidate).openapi("SpecCandidateList");

// ---- monitoring (CB-Dragonfly's query, read-only) ----

export const metricQuery = z.object({
  periodType: z.enum(["m", "h", "d"]).optional().default("m"),
  statisticsCriteria: z.enum(["min", "max", "avg", "last", "p95"]).optional().default("avg"),
  duration: z
    .string()
    .regex(/^[0-9]{1,6}[mhd]$/, 'a count and m, h or d, e.g. "10m"')
    .optional()
    .default("10m"),
});
export const metricName = z.enum(["cpu", "cpufreq", "memory", "disk", "diskio", "network"]);
export const metricAnswer = z
  .object({
    nsId: z.string(),
    mcisId: z.string(),
    vmId: z.string().optional(),
    metric: z.string(),
    measurement: z.string(),
    from: z.int(),
    to: z.int(),
    stepMs: z.int(),
    fields: z.record(
      z.string(),
      z.array(z.object({ tags: z.record(z.string(), z.string()), points: z.array(z.tuple([z.number(), z.number()])) })),
    ),
  })
  .openapi("MetricAnswer");
