import * as assert from "assert";
import type { ConnectedSandboxVpc as ConnectedSandboxVpcT, SandboxNatGateways as SandboxNatGatewaysT } from "../../components/network";
import { mocks, settle, useMocks } from "../helpers/pulumi";

/*
 * awsx.ec2.Vpc is a remote component: its subnets, internet gateway, NAT
 * gateways and routes are created by the awsx plugin, which the mocks never
 * run. These tests can therefore only see the `awsx:ec2:Vpc` resource and the
 * inputs the component gives it; they say nothing about what awsx builds.
 */
describe("network: ConnectedSandboxVpc (what the mocks can see)", () => {
    let ConnectedSandboxVpc: typeof ConnectedSandboxVpcT;
    let SandboxNatGateways: typeof SandboxNatGatewaysT;

    before(async () => {
        useMocks();
        ({ ConnectedSandboxVpc, SandboxNatGateways } = await import("../../components/network"));
    });
    beforeEach(() => useMocks());

    it("registers one awsx:ec2:Vpc with public and private subnets, a single NAT gateway and DNS on", async () => {
        new ConnectedSandboxVpc("sandbox", { allowInternetAccess: true, tags: { team: "research" } });
        await settle();
        const vpcs = mocks.ofType("awsx:ec2:Vpc");
        assert.strictEqual(vpcs.length, 1);
        const inputs = vpcs[0].inputs;
        assert.strictEqual(vpcs[0].name, "sandbox-vpc");
        assert.strictEqual(inputs.cidrBlock, "10.99.0.0/16");
        assert.strictEqual(inputs.numberOfAvailabilityZones, 2);
        assert.strictEqual(inputs.enableDnsSupport, true);
        assert.strictEqual(inputs.enableDnsHostnames, true);
        assert.deepStrictEqual(inputs.natGateways, { strategy: "Single" });
        assert.deepStrictEqual(
            inputs.subnetSpecs.map((s: { type: string }) => s.type),
            ["Public", "Private"],
        );
    });

    it("marks the VPC as a non-compliant sandbox so scanners and reports can find it", async () => {
        new ConnectedSandboxVpc("marked", { allowInternetAccess: true, tags: { team: "research" } });
        await settle();
        const tags = mocks.ofType("awsx:ec2:Vpc")[0].inputs.tags;
        assert.strictEqual(tags["ml-platform:compliance"], "non-compliant-sandbox");
        assert.strictEqual(tags.team, "research");
    });

    it("passes the chosen range, AZ count and NAT strategy through", async () => {
        new ConnectedSandboxVpc("wide", {
            allowInternetAccess: true,
            cidrBlock: "10.98.0.0/20",
            availabilityZoneCount: 3,
            natGateways: SandboxNatGateways.OnePerAz,
        });
        await settle();
        const inputs = mocks.ofType("awsx:ec2:Vpc")[0].inputs;
        assert.strictEqual(inputs.cidrBlock, "10.98.0.0/20");
        assert.strictEqual(inputs.numberOfAvailabilityZones, 3);
        assert.deepStrictEqual(inputs.natGateways, { strategy: "OnePerAz" });
    });

    it("creates nothing without the explicit internet-access acknowledgement", async () => {
        assert.throws(() => new ConnectedSandboxVpc("nope", { allowInternetAccess: false }), /ConnectedSandboxVpc\.allowInternetAccess/);
        await settle();
        assert.deepStrictEqual(mocks.resources, []);
    });
});
