import type { $Command, Image } from "@aws-sdk/client-ec2";
import { Memo, paginate } from "@cloud-barista/core/driver";
import type { CallContext, Clock } from "@cloud-barista/core/driver";
import { awsTables } from "./apis.js";
import type { AwsService } from "./apis.js";
import type { AwsClients } from "./clients.js";
import { toBaristaError } from "./errors.js";

type Tables = typeof awsTables;
/** The input and output of an API, from its SDK command class. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- only the input and output types matter here
type InputOf<C> = C extends abstract new (...args: any[]) => $Command<infer I, any, any> ? I : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- only the input and output types matter here
type OutputOf<C> = C extends abstract new (...args: any[]) => $Command<any, infer O, any> ? O : never;
type CommandOf<S extends AwsService, K extends keyof Tables[S]> = Tables[S][K] extends readonly [infer C, unknown]
  ? C
  : never;
/** Calls one API of a service by name; EC2 calls may name another region than the connection's. */
type Call<S extends AwsService> = <K extends keyof Tables[S]>(
  ctx: CallContext,
  api: K,
  input: InputOf<CommandOf<S, K>>,
  region?: string,
) => Promise<OutputOf<CommandOf<S, K>>>;

/** Settings of one connection that every handler shares. */
export interface AwsSettings {
  region: string;
  zone: string | undefined;
  /** MaxResults of paged Describe calls. */
  pageSize: number;
  /** Owners whose public images the image handler lists. */
  imageOwners: readonly string[];
  /** The login user created on Linux VMs. */
  vmUser: string;
  /** Whether new VMs get a public address. */
  publicIp: boolean;
  /** The IAM roles EKS clusters and node groups run as (see `AwsDriverOptions.eks`). */
  eks?: EksRoles | undefined;
}

/** The IAM roles an EKS cluster and its managed node groups assume. */
export interface EksRoles {
  /** The cluster service role (trusts eks.amazonaws.com; AmazonEKSClusterPolicy). */
  clusterRoleArn: string;
  /** The node role (trusts ec2.amazonaws.com; AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, AmazonEC2ContainerRegistryReadOnly). */
  nodeRoleArn: string;
}

/**
 * What EC2 never changes about an AMI and VM calls need: its root device and that device's
 * default volume, platform, architecture, owner and name (an AMI is immutable; its id is never reused).
 */
export type ImageFacts = Pick<
  Image,
  | "ImageId"
  | "Name"
  | "OwnerId"
  | "RootDeviceName"
  | "Platform"
  | "PlatformDetails"
  | "Architecture"
  | "BlockDeviceMappings"
>;

/** A key pair's public half, which RunInstances' cloud-init needs. */
export interface KeyFacts {
  publicKey: string | undefined;
}

/**
 * How long a key pair's public key is trusted without asking again: a key pair deleted and made
 * again under the same name (a rotation) by another connection is seen within this time. Deletes
 * through this connection forget it at once.
 */
export const keyFactsTtlMs = 10 * 60_000;

/**
 * What the handlers of one connection share: its SDK clients and settings, and the one way of
 * calling an API by its name (through `ctx.call`, with its SDK command, errors mapped, the caller's
 * abort signal passed on).
 */
export class AwsSession {
  readonly settings: AwsSettings;
  readonly clients: AwsClients;
  readonly ec2: Call<"ec2"> = (ctx, api, input, region) => this.#call(ctx, "ec2", api, input, region) as never;
  readonly elb: Call<"elbv2"> = (ctx, api, input) => this.#call(ctx, "elbv2", api, input) as never;
  readonly pricing: Call<"pricing"> = (ctx, api, input) => this.#call(ctx, "pricing", api, input) as never;
  readonly quotas: Call<"quotas"> = (ctx, api, input) => this.#call(ctx, "quotas", api, input) as never;
  readonly eks: Call<"eks"> = (ctx, api, input) => this.#call(ctx, "eks", api, input) as never;

  /** AMI facts by image id (so vm.get and vm.create need no DescribeImages once an image is known). */
  readonly images = new Memo<ImageFacts>();
  /** Public keys by key name (so vm.create needs no DescribeKeyPairs for a key this connection knows). */
  readonly keyPairs: Memo<KeyFacts>;

  constructor(clients: AwsClients, settings: AwsSettings, clock: Clock) {
    this.clients = clients;
    this.settings = settings;
    this.keyPairs = new Memo<KeyFacts>({ clock, ttlMs: keyFactsTtlMs });
  }

  /** Remembers what a DescribeImages answer says that never changes, and returns it. */
  rememberImage(image: Image): ImageFacts {
    const root = image.BlockDeviceMappings?.filter((m) => m.DeviceName === image.RootDeviceName);
    const facts: ImageFacts = {
      ImageId: image.ImageId,
      Name: image.Name,
      OwnerId: image.OwnerId,
      RootDeviceName: image.RootDeviceName,
      Platform: image.Platform,
      PlatformDetails: image.PlatformDetails,
      Architecture: image.Architecture,
      ...(root ? { BlockDeviceMappings: root } : {}),
    };
    if (image.ImageId) this.images.set(image.ImageId, facts);
    return facts;
  }

  get region(): string {
    return this.settings.region;
  }

  #call(ctx: CallContext, service: AwsService, api: PropertyKey, input: unknown, region?: string): Promise<unknown> {
    const [Command] =
      (awsTables[service] as Record<PropertyKey, readonly [new (input: unknown) => object, unknown]>)[api] ?? [];
    if (!Command) throw new Error(`driver bug: ${String(api)} is not in the ${service} API table`);
    const client = this.clients.of(service, region) as {
      send(c: object, o: object): Promise<{ $metadata: { requestId?: string } }>;
    };
    const name = String(api);
    return ctx.call(
      name,
      async (abortSignal) => {
        try {
          return await client.send(new Command(input), { abortSignal });
        } catch (error) {
          throw toBaristaError(error, name, abortSignal);
        }
      },
      { requestIdOf: (result) => result.$metadata.requestId },
    );
  }

  /** Follows a paged API to the end, one call per page (`next` reads the page's token). */
  pages<O, T>(
    fetch: (token: string | undefined) => Promise<O>,
    items: (page: O) => readonly T[] | undefined,
    next: (page: O) => string | undefined = (page) => (page as { NextToken?: string }).NextToken,
  ): AsyncGenerator<T, void, undefined> {
    return paginate(
      async (token) => {
        const page = await fetch(token);
        return { items: [...(items(page) ?? [])], nextToken: next(page) };
      },
      { provider: "AWS" },
    );
  }
}
