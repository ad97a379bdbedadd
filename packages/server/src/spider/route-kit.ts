import type { z } from "@hono/zod-openapi";
import { errorSchema } from "./schemas.js";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

const errors = {
  400: { description: "Bad request: the field at fault is named", ...json(errorSchema) },
  401: { description: "No or unknown credentials", ...json(errorSchema) },
  404: { description: "No such connection or resource (in this tenant)", ...json(errorSchema) },
};

/** A 200 JSON answer plus the error answers every Spider route may give. */
export const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({
  200: { description, ...json(schema) },
  ...errors,
});

/** A required JSON body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, ...json(schema) });

/** An optional JSON body (DELETE, where Spider's scripts put ConnectionName). */
export const optionalJsonBody = <T extends z.ZodType>(schema: T) => ({ required: false, ...json(schema) });
