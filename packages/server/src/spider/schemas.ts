import { z } from "@hono/zod-openapi";

// CB-Spider's JSON, field for field: PascalCase names, IIDs as {NameId, SystemId}, tags and extras
// as [{Key, Value}], sizes, counts and ports as strings (CB-Spider's convention).

export const iidSchema = z.object({ NameId: z.string(), SystemId: z.string() }).openapi("IID");
export type SpiderIid = z.infer<typeof iidSchema>;

export const keyValueSchema = z
  .object({ Key: z.string().min(1).max(128), Value: z.string().max(256).optional() })
  .openapi("KeyValue");
export type KeyValue = z.infer<typeof keyValueSchema>;
export const keyValueListSchema = z.array(keyValueSchema).max(50);

/** A name as Spider requests carry it (the SDK checks the cloud's own rules after). */
export const nameSchema = z.string().min(1).max(256);

export const connectionNameSchema = z.string().min(1).max(256).openapi({ example: "aws-seoul" });

/** `?ConnectionName=`: how GET (and DELETE) requests name their connection. */
export const connectionQuery = z.object({ ConnectionName: connectionNameSchema });

/** DELETE takes the connection from the query or, as Spider's scripts send it, from a JSON body. */
export const deleteQuery = z.object({
  ConnectionName: connectionNameSchema.optional(),
  force: z.enum(["true", "false"]).optional(),
});
export const deleteBody = z.object({ ConnectionName: connectionNameSchema.optional() });

export const idTransformModeSchema = z.enum(["ON", "OFF"]).optional();

export const booleanInfoSchema = z.object({ Result: z.enum(["true", "false"]) }).openapi("BooleanInfo");

export const errorSchema = z
  .object({
    message: z.string(),
    code: z.string(),
    field: z.string().optional(),
    rule: z.string().optional(),
  })
  .openapi("Error");

export const allListSchema = z
  .object({
    AllList: z.object({
      MappedList: z.array(iidSchema),
      OnlySpiderList: z.array(iidSchema),
      OnlyCSPList: z.array(iidSchema),
    }),
  })
  .openapi("AllResourceListResponse");

export const registerBody = (extra: Record<string, z.ZodType> = {}) =>
  z.object({
    ConnectionName: connectionNameSchema,
    ReqInfo: z.object({ Name: nameSchema, CSPId: z.string().min(1).max(512), ...extra }),
  });

/** Name path parameter. */
export const nameParam = z.object({ Name: nameSchema });
