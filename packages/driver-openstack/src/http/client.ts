import type { AxiosInstance } from "axios";
import { isBaristaError } from "@cloud-barista/core";
import type { CallContext, Clock } from "@cloud-barista/core";
import type { OpenStackApiName } from "../api-names.js";
import { isIdempotent } from "../api-names.js";
import { endpointOf, noEndpoint, versioned } from "../auth/catalog.js";
import type { ServiceType } from "../auth/catalog.js";
import type { AuthSession, Authenticator } from "../auth/keystone.js";
import { httpError } from "../errors.js";
import { send } from "./transport.js";
import type { HttpExchange } from "./transport.js";

export interface ServiceRequest {
  service: ServiceType;
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  /** Below the service's versioned root, e.g. "/servers/detail". */
  path: string;
  query?: Record<string, string | number | boolean | undefined> | URLSearchParams;
  body?: unknown;
  /** Another region than the connection's (the region list asks every region for its zones). */
  region?: string;
}

export interface ClientOptions {
  http: AxiosInstance;
  auth: Authenticator;
  clock: Clock;
  region: string;
  /** Catalog interface to use: "public" (default), "internal" or "admin". */
  interface: string;
  /** Service roots that replace the catalog's (private clouds, the emulator). */
  overrides: Partial<Record<ServiceType, string>>;
  /** Nova microversion sent with every compute call. */
  computeMicroversion: string;
}

/**
 * HTTP to OpenStack's services: finds each service in the token's catalog (or the overrides),
 * signs requests with the token, sends Nova's microversion, renews the token once when a service
 * answers 401, and turns failures into BaristaErrors. Every request is one `ctx.call`.
 */
export class OpenStackClient {
  readonly #options: ClientOptions;

  constructor(options: ClientOptions) {
    this.#options = options;
  }

  get region(): string {
    return this.#options.region;
  }

  /** The versioned root of a service in a region, from the overrides or the catalog. */
  async endpoint(ctx: CallContext, service: ServiceType, region = this.#options.region): Promise<string> {
    const session = await this.#options.auth.session(ctx);
    return this.#endpoint(session, service, region);
  }

  /** Whether the region has the service (in the overrides or the token's catalog). */
  async hasEndpoint(ctx: CallContext, service: ServiceType): Promise<boolean> {
    const session = await this.#options.auth.session(ctx);
    return (
      this.#options.overrides[service] !== undefined ||
      endpointOf(session.catalog, service, this.#options.region, this.#options.interface) !== undefined
    );
  }

  /** The project the token is scoped to. */
  async projectId(ctx: CallContext): Promise<string> {
    return (await this.#options.auth.session(ctx)).projectId;
  }

  /** The catalog of the current token. */
  async catalog(ctx: CallContext): Promise<AuthSession["catalog"]> {
    return (await this.#options.auth.session(ctx)).catalog;
  }

  async request<T = unknown>(
    ctx: CallContext,
    api: OpenStackApiName,
    request: ServiceRequest,
  ): Promise<{ data: T; status: number; headers: HttpExchange["headers"] }> {
    let usedToken = "";
    const attempt = async (): Promise<{ data: T; status: number; headers: HttpExchange["headers"] }> => {
      const session = await this.#options.auth.session(ctx);
      usedToken = session.token;
      const url = this.#url(session, request);
      const result = await ctx.call(
        api,
        async (signal) => {
          const response = await send(
            this.#options.http,
            {
              method: request.method,
              url,
              headers: this.#headers(session, request.service),
              body: request.body,
              signal,
            },
            api,
          );
          if (response.status >= 400) {
            throw httpError(
              {
                status: response.status,
                body: response.data,
                headers: response.headers,
                service: request.service,
                nowMs: this.#options.clock.now(),
              },
              api,
            );
          }
          return response;
        },
        {
          idempotent: isIdempotent(api),
          requestIdOf: (r) => r.headers["x-openstack-request-id"] ?? r.headers["x-compute-request-id"],
        },
      );
      return { data: result.data as T, status: result.status, headers: result.headers };
    };
    try {
      return await attempt();
    } catch (error) {
      // A token the service no longer accepts (expired early, revoked): renew once and repeat;
      // a second 401 stands (Unauthenticated).
      if (!isBaristaError(error, "Unauthenticated") || error.statusCode !== 401) throw error;
      this.#options.auth.invalidate(usedToken);
      return attempt();
    }
  }

  #endpoint(session: AuthSession, service: ServiceType, region: string): string {
    const override = this.#options.overrides[service];
    const url = override ?? endpointOf(session.catalog, service, region, this.#options.interface);
    if (url === undefined) throw noEndpoint(service, region, this.#options.interface);
    return versioned(service, url, session.projectId);
  }

  #url(session: AuthSession, request: ServiceRequest): string {
    const base = this.#endpoint(session, request.service, request.region ?? this.#options.region);
    const query = request.query instanceof URLSearchParams ? request.query : new URLSearchParams();
    if (!(request.query instanceof URLSearchParams)) {
      for (const [key, value] of Object.entries(request.query ?? {}))
        if (value !== undefined) query.set(key, String(value));
    }
    const search = query.toString();
    return `${base}${request.path}${search ? `?${search}` : ""}`;
  }

  #headers(session: AuthSession, service: ServiceType): Record<string, string> {
    const headers: Record<string, string> = { "x-auth-token": session.token };
    if (service === "compute") {
      headers["openstack-api-version"] = `compute ${this.#options.computeMicroversion}`;
      headers["x-openstack-nova-api-version"] = this.#options.computeMicroversion;
    }
    return headers;
  }
}
