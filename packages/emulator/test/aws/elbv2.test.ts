import { afterEach, describe, expect, it } from "vitest";
import { frontFixture, text, texts } from "./support.js";

type Fixture = Awaited<ReturnType<typeof frontFixture>>;
let f: Fixture;
afterEach(() => f.close());

const elb = { service: "elasticloadbalancing" };

/** A VPC with two subnets in two zones and one running instance, made directly in the world. */
async function setup() {
  f = await frontFixture();
  const cloud = f.cloud();
  const vpc = cloud.vpcs.create({
    name: "net",
    cidr: "10.0.0.0/16",
    subnets: [
      { name: "a", cidr: "10.0.1.0/24", zone: "ap-northeast-2a" },
      { name: "b", cidr: "10.0.2.0/24", zone: "ap-northeast-2b" },
    ],
  });
  const image = cloud.catalog.listImages({ where: (i) => i.architecture === "x86_64" }).items[0]?.id ?? "";
  const vm = cloud.vms.run({ name: "web", imageId: image, specName: "t3.micro", subnetId: vpc.subnets[0]?.id ?? "" });
  f.clock.advance(f.world.timing.vmBootMs);
  return { vpc, vm, subnets: vpc.subnets.map((s) => s.id) };
}

describe("AWS front: ELBv2", () => {
  it("builds a network load balancer from a target group, a load balancer and a listener", async () => {
    const { vpc, vm, subnets } = await setup();
    const tg = await f.query(
      "CreateTargetGroup",
      {
        Name: "web-tg",
        Protocol: "TCP",
        Port: 8080,
        VpcId: vpc.id,
        HealthCheckIntervalSeconds: 10,
        HealthyThresholdCount: 3,
      },
      elb,
    );
    expect(tg.status).toBe(200);
    expect(tg.text).toMatch(
      /^<\?xml[^>]*\?>\n<CreateTargetGroupResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/"><CreateTargetGroupResult><TargetGroups><member><TargetGroupArn>arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup\/web-tg\/[0-9a-f]{16}<\/TargetGroupArn>/,
    );
    expect(tg.text).toContain(
      `<ResponseMetadata><RequestId>${tg.headers.get("x-amzn-requestid")}</RequestId></ResponseMetadata>`,
    );
    const tgArn = text(tg.text, "TargetGroupArn") ?? "";
    expect(
      (await f.query("RegisterTargets", { TargetGroupArn: tgArn, "Targets.member.1.Id": vm.id }, elb)).status,
    ).toBe(200);
    const unused = await f.query("DescribeTargetHealth", { TargetGroupArn: tgArn }, elb);
    expect([text(unused.text, "State"), text(unused.text, "Reason")]).toEqual(["unused", "Target.NotInUse"]);

    const lb = await f.query(
      "CreateLoadBalancer",
      { Name: "web", Type: "network", "Subnets.member.1": subnets[0] ?? "", "Subnets.member.2": subnets[1] ?? "" },
      elb,
    );
    const lbArn = text(lb.text, "LoadBalancerArn") ?? "";
    expect(lbArn).toMatch(/:loadbalancer\/net\/web\/[0-9a-f]{16}$/);
    expect(texts(lb.text, "ZoneName")).toEqual(["ap-northeast-2a", "ap-northeast-2b"]);
    expect(text(lb.text, "Code")).toBe("provisioning");
    // Not a world NLB until a listener joins it to its target group.
    expect(f.cloud().nlbs.list().items).toEqual([]);

    const listener = await f.query(
      "CreateListener",
      {
        LoadBalancerArn: lbArn,
        Protocol: "TCP",
        Port: 80,
        "DefaultActions.member.1.Type": "forward",
        "DefaultActions.member.1.TargetGroupArn": tgArn,
      },
      elb,
    );
    expect(listener.status).toBe(200);
    expect(text(listener.text, "ListenerArn")).toMatch(/:listener\/net\/web\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    const [nlb] = f.cloud().nlbs.list().items;
    expect(nlb).toMatchObject({
      name: "web",
      scheme: "internet-facing",
      listener: { protocol: "tcp", port: 80 },
      targetGroup: { protocol: "tcp", port: 8080, targets: [{ id: vm.id }] },
    });
    expect(nlb?.healthCheck).toMatchObject({ intervalSeconds: 10, healthyThreshold: 3, unhealthyThreshold: 3 });
    const groups = await f.query("DescribeTargetGroups", { LoadBalancerArn: lbArn }, elb);
    expect(text(groups.text, "member")).toBe(lbArn);

    const initial = await f.query("DescribeTargetHealth", { TargetGroupArn: tgArn }, elb);
    expect(text(initial.text, "State")).toBe("initial");
    f.clock.advance(f.world.timing.nlbProvisionMs + 3 * 10_000);
    expect(text((await f.query("DescribeTargetHealth", { TargetGroupArn: tgArn }, elb)).text, "State")).toBe("healthy");
    const described = await f.query("DescribeLoadBalancers", { "LoadBalancerArns.member.1": lbArn }, elb);
    expect(text(described.text, "Code")).toBe("active");
    expect(text(described.text, "IpAddress")).toBe(nlb?.listener.ip);

    expect(text((await f.query("DeleteTargetGroup", { TargetGroupArn: tgArn }, elb)).text, "Code")).toBe(
      "ResourceInUse",
    );
    const second = await f.query(
      "CreateListener",
      {
        LoadBalancerArn: lbArn,
        Protocol: "TCP",
        Port: 443,
        "DefaultActions.member.1.Type": "forward",
        "DefaultActions.member.1.TargetGroupArn": tgArn,
      },
      elb,
    );
    // A second listener on another port, forwarding to the same group: a world NLB of its own.
    expect(second.status).toBe(200);
    const secondArn = text(second.text, "ListenerArn") ?? "";
    expect(
      f
        .cloud()
        .nlbs.list()
        .items.map((n) => n.listener.port)
        .sort(),
    ).toEqual([443, 80]);
    const listeners = await f.query("DescribeListeners", { LoadBalancerArn: lbArn }, elb);
    expect(texts(listeners.text, "Port")).toEqual(["80", "443"]);
    const samePort = await f.query(
      "CreateListener",
      {
        LoadBalancerArn: lbArn,
        Protocol: "TCP",
        Port: 443,
        "DefaultActions.member.1.Type": "forward",
        "DefaultActions.member.1.TargetGroupArn": tgArn,
      },
      elb,
    );
    expect(text(samePort.text, "ListenerArn")).toBe(secondArn);
    // Targets registered later reach every listener's NLB.
    const other = f.cloud().vms.run({
      name: "web-2",
      imageId: vm.image.id,
      specName: "t3.micro",
      subnetId: subnets[0] ?? "",
    });
    f.clock.advance(f.world.timing.vmBootMs);
    await f.query("RegisterTargets", { TargetGroupArn: tgArn, "Targets.member.1.Id": other.id }, elb);
    expect(
      f
        .cloud()
        .nlbs.list()
        .items.every((n) => n.targetGroup.targets.some((t) => t.id === other.id)),
    ).toBe(true);
    expect((await f.query("DeleteListener", { ListenerArn: secondArn }, elb)).status).toBe(200);
    expect(
      f
        .cloud()
        .nlbs.list()
        .items.map((n) => n.listener.port),
    ).toEqual([80]);
    expect((await f.query("DeleteLoadBalancer", { LoadBalancerArn: lbArn }, elb)).status).toBe(200);
    expect(f.cloud().nlbs.list().items).toEqual([]);
    // The target group outlives its load balancer, targets included.
    const after = await f.query("DescribeTargetHealth", { TargetGroupArn: tgArn }, elb);
    expect(text(after.text, "Id")).toBe(vm.id);
    expect((await f.query("DeleteTargetGroup", { TargetGroupArn: tgArn }, elb)).status).toBe(200);
    expect((await f.query("DeleteLoadBalancer", { LoadBalancerArn: lbArn }, elb)).status).toBe(200);
  });

  it("answers errors in the Query envelope and keeps creates idempotent by name", async () => {
    const { vpc, subnets } = await setup();
    const missing = await f.query("DescribeLoadBalancers", { "Names.member.1": "nope" }, elb);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("<Error><Type>Sender</Type><Code>LoadBalancerNotFound</Code>");
    expect(missing.text).toContain(`<RequestId>${missing.headers.get("x-amzn-requestid")}</RequestId></ErrorResponse>`);
    expect(
      text(
        (
          await f.query(
            "CreateLoadBalancer",
            { Name: "bad_name", Type: "network", "Subnets.member.1": subnets[0] ?? "" },
            elb,
          )
        ).text,
        "Code",
      ),
    ).toBe("ValidationError");
    expect(
      text(
        (await f.query("CreateLoadBalancer", { Name: "alb", "Subnets.member.1": subnets[0] ?? "" }, elb)).text,
        "Code",
      ),
    ).toBe("ValidationError");
    const first = await f.query(
      "CreateLoadBalancer",
      { Name: "same", Type: "network", "Subnets.member.1": subnets[0] ?? "" },
      elb,
    );
    const again = await f.query(
      "CreateLoadBalancer",
      { Name: "same", Type: "network", "Subnets.member.1": subnets[0] ?? "" },
      elb,
    );
    expect(text(again.text, "LoadBalancerArn")).toBe(text(first.text, "LoadBalancerArn"));
    const different = await f.query(
      "CreateLoadBalancer",
      { Name: "same", Type: "network", Scheme: "internal", "Subnets.member.1": subnets[0] ?? "" },
      elb,
    );
    expect(text(different.text, "Code")).toBe("DuplicateLoadBalancerName");
    const tg = await f.query("CreateTargetGroup", { Name: "tg", Protocol: "TCP", Port: 80, VpcId: vpc.id }, elb);
    const badTarget = await f.query(
      "RegisterTargets",
      { TargetGroupArn: text(tg.text, "TargetGroupArn") ?? "", "Targets.member.1.Id": "i-0123456789abcdef0" },
      elb,
    );
    expect(text(badTarget.text, "Code")).toBe("InvalidTarget");
    f.world.faults.add({ api: "DescribeLoadBalancers", kind: "throttle", times: 1 });
    const throttled = await f.query("DescribeLoadBalancers", {}, elb);
    expect([throttled.status, text(throttled.text, "Code")]).toEqual([400, "Throttling"]);
  });

  it("pages load balancers with PageSize and NextMarker, and tags them", async () => {
    const { subnets } = await setup();
    for (let i = 0; i < 7; i++)
      await f.query(
        "CreateLoadBalancer",
        { Name: `lb-${i}`, Type: "network", "Subnets.member.1": subnets[0] ?? "" },
        elb,
      );
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await f.query("DescribeLoadBalancers", { PageSize: 3, ...(marker ? { Marker: marker } : {}) }, elb);
      names.push(...texts(page.text, "LoadBalancerName"));
      marker = text(page.text, "NextMarker");
    } while (marker);
    expect(names).toEqual(Array.from({ length: 7 }, (_, i) => `lb-${i}`));
    const arn =
      text((await f.query("DescribeLoadBalancers", { "Names.member.1": "lb-3" }, elb)).text, "LoadBalancerArn") ?? "";
    await f.query(
      "AddTags",
      { "ResourceArns.member.1": arn, "Tags.member.1.Key": "team", "Tags.member.1.Value": "web" },
      elb,
    );
    const tags = await f.query("DescribeTags", { "ResourceArns.member.1": arn }, elb);
    expect(tags.text).toContain("<Tags><member><Key>team</Key><Value>web</Value></member></Tags>");
    await f.query("RemoveTags", { "ResourceArns.member.1": arn, "TagKeys.member.1": "team" }, elb);
    expect((await f.query("DescribeTags", { "ResourceArns.member.1": arn }, elb)).text).toContain("<Tags/>");
  });
});
