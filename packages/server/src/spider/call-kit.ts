import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Connection, Tags } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { toTags } from "./convert.js";
import { connectionOf } from "./context.js";
import { checkIdTransform } from "./id-transform.js";
import { jsonBody, ok } from "./route-kit.js";
import { connectionNameSchema, connectionQuery, idTransformModeSchema } from "./schemas.js";
import type { KeyValue } from "./schemas.js";

// The three shapes of Spider's non-family routes, so each route module is a table of paths,
// schemas and SDK calls. Every one answers 200 with its schema (the errors as route-kit's `ok`).

type Params = z.ZodObject<Record<string, z.ZodString>>;
type Method = "get" | "post" | "put" | "delete";

interface Described {
  /** OpenAPI path ("/spider/vpc/{VPCName}/subnet"). */
  path: string;
  tag: string;
  summary?: string;
}

/** A validated part of the request: hono's types cannot follow a schema given as a type parameter. */
const validated = <T>(c: Context<ServerEnv>, target: "json" | "param" | "query"): T =>
  (c.req.valid as (t: string) => unknown)(target) as T;

/** The path parameters, or none where the route has none. */
const paramsOf = <TParams extends Params>(c: Context<ServerEnv>, params: TParams | undefined): z.infer<TParams> =>
  params ? validated<z.infer<TParams>>(c, "param") : ({} as z.infer<TParams>);

function setHeaders(c: Context<ServerEnv>, headers: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(headers ?? {})) c.header(name, value);
}

/** The summary key only where there is one, so the generated document is as the routes wrote it. */
const summaryOf = (summary: string | undefined) => (summary === undefined ? {} : { summary });

/** The OpenAPI route of a call: its path, tag and summary, the request's parts and the 200 answer. */
const routeOf = <TRequest extends RouteConfig["request"], TAnswer extends z.ZodType>(
  method: Method,
  call: Described,
  request: TRequest,
  answer: TAnswer,
) =>
  createRoute({
    method,
    path: call.path,
    tags: [call.tag],
    ...summaryOf(call.summary),
    request,
    responses: ok(answer),
  });

export interface CreateCall<TShape extends z.ZodRawShape, TInfo, TSchema extends z.ZodType> extends Described {
  /** The request's name in the OpenAPI document ("VPCCreateRequest"). */
  requestName: string;
  /** ReqInfo's fields; a `TagList` among them is handed over as the SDK's tags. */
  reqInfo: TShape;
  info: TSchema;
  toSpider: (info: TInfo) => z.infer<TSchema>;
  create: (conn: Connection, req: z.infer<z.ZodObject<TShape>>, tags: Tags | undefined) => Promise<TInfo>;
  /** Headers of the answer (a key pair's create must not be cached). */
  headers?: Record<string, string>;
}

/** Spider's create: POST {ConnectionName, IDTransformMode, ReqInfo} answering the created resource. */
export function createCall<TShape extends z.ZodRawShape, TInfo, TSchema extends z.ZodType>(
  app: OpenAPIHono<ServerEnv>,
  call: CreateCall<TShape, TInfo, TSchema>,
): void {
  const body = z
    .object({
      ConnectionName: connectionNameSchema,
      IDTransformMode: idTransformModeSchema,
      ReqInfo: z.object(call.reqInfo),
    })
    .openapi(call.requestName);
  app.openapi(routeOf("post", call, { body: jsonBody(body) }, call.info), async (c) => {
    const { IDTransformMode, ConnectionName, ReqInfo } = c.req.valid("json");
    checkIdTransform(IDTransformMode);
    const conn = await connectionOf(c, ConnectionName);
    const req = ReqInfo as z.infer<z.ZodObject<TShape>> & { TagList?: KeyValue[] };
    const created = await call.create(conn, req, toTags(req.TagList, "ReqInfo.TagList"));
    setHeaders(c, call.headers);
    return c.json(call.toSpider(created) as object, 200);
  });
}

export interface BodyCall<
  TParams extends Params,
  TBody extends z.ZodType,
  TAnswer extends z.ZodType,
> extends Described {
  method: Exclude<Method, "get">;
  /** Path parameters; none for a register. */
  params?: TParams;
  /** Carries ConnectionName (and, where Spider has it, IDTransformMode). */
  body: TBody;
  answer: TAnswer;
  run: (conn: Connection, body: z.infer<TBody>, params: z.infer<TParams>) => Promise<z.infer<TAnswer>>;
  headers?: Record<string, string>;
}

/** A change to a named resource, described by a JSON body with the connection in it. */
export function bodyCall<TParams extends Params, TBody extends z.ZodType, TAnswer extends z.ZodType>(
  app: OpenAPIHono<ServerEnv>,
  call: BodyCall<TParams, TBody, TAnswer>,
): void {
  app.openapi(
    routeOf(call.method, call, { ...(call.params && { params: call.params }), body: jsonBody(call.body) }, call.answer),
    async (c) => {
      const body = validated<z.infer<TBody> & { ConnectionName: string; IDTransformMode?: "ON" | "OFF" }>(c, "json");
      checkIdTransform(body.IDTransformMode);
      const conn = await connectionOf(c, body.ConnectionName);
      const answer = await call.run(conn, body, paramsOf(c, call.params));
      setHeaders(c, call.headers);
      return c.json(answer as object, 200);
    },
  );
}

export interface QueryCall<TParams extends Params, TAnswer extends z.ZodType> extends Described {
  /** Path parameters; none for a list. */
  params?: TParams;
  answer: TAnswer;
  run: (conn: Connection, params: z.infer<TParams>) => Promise<z.infer<TAnswer>>;
}

/** A read: GET with `?ConnectionName=`. */
export function queryCall<TParams extends Params, TAnswer extends z.ZodType>(
  app: OpenAPIHono<ServerEnv>,
  call: QueryCall<TParams, TAnswer>,
): void {
  app.openapi(
    routeOf("get", call, { ...(call.params && { params: call.params }), query: connectionQuery }, call.answer),
    async (c) => {
      const conn = await connectionOf(c, validated<{ ConnectionName: string }>(c, "query").ConnectionName);
      return c.json((await call.run(conn, paramsOf(c, call.params))) as object, 200);
    },
  );
}
