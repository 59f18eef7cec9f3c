import * as assert from "assert";
import { ValidationError, checkLogRetentionDays } from "../../components/lib/validation";
import { DEFAULT_INTERFACE_ENDPOINT_SERVICES, interfaceEndpointServiceName, sagemakerServiceBucketArns, serviceSlug } from "../../components/network/endpoints";

describe("network: endpoint service names", () => {
    it("names AWS services com.amazonaws.<region>.<service>, in the partition's namespace", () => {
        assert.strictEqual(interfaceEndpointServiceName("ecr.dkr", "eu-west-1"), "com.amazonaws.eu-west-1.ecr.dkr");
        assert.strictEqual(interfaceEndpointServiceName("sagemaker.api", "cn-north-1", "cn.com.amazonaws"), "cn.com.amazonaws.cn-north-1.sagemaker.api");
    });

    it("names the Studio and notebook endpoints aws.sagemaker.<region>.<ui>", () => {
        assert.strictEqual(interfaceEndpointServiceName("sagemaker.studio", "eu-west-1"), "aws.sagemaker.eu-west-1.studio");
        assert.strictEqual(interfaceEndpointServiceName("sagemaker.notebook", "cn-north-1", "cn.com.amazonaws"), "aws.sagemaker.cn-north-1.notebook");
    });

    it("covers every service the issue lists", () => {
        for (const s of [
            "sagemaker.api",
            "sagemaker.runtime",
            "sagemaker.featurestore-runtime",
            "sagemaker.studio",
            "sagemaker.notebook",
            "sts",
            "logs",
            "monitoring",
            "ecr.api",
            "ecr.dkr",
            "kms",
            "glue",
            "states",
            "ssm",
        ]) {
            assert.ok(DEFAULT_INTERFACE_ENDPOINT_SERVICES.includes(s), s);
        }
        assert.strictEqual(new Set(DEFAULT_INTERFACE_ENDPOINT_SERVICES).size, DEFAULT_INTERFACE_ENDPOINT_SERVICES.length);
    });

    it("turns service names into logical-name suffixes", () => {
        assert.strictEqual(serviceSlug("sagemaker.featurestore-runtime"), "sagemaker-featurestore-runtime");
    });

    it("lists the region's ECR layer bucket and JumpStart caches in the stack's partition", () => {
        const arns = sagemakerServiceBucketArns("eu-central-1", "aws");
        assert.ok(arns.includes("arn:aws:s3:::prod-eu-central-1-starport-layer-bucket/*"));
        assert.ok(arns.includes("arn:aws:s3:::jumpstart-cache-prod-eu-central-1/*"));
        assert.ok(!arns.some((a) => a.includes("us-east-1")));
        assert.ok(sagemakerServiceBucketArns("us-gov-west-1", "aws-us-gov").every((a) => a.startsWith("arn:aws-us-gov:s3:::")));
    });
});

describe("lib: checkLogRetentionDays", () => {
    it("accepts CloudWatch Logs' periods and 'never expire', and enforces a minimum", () => {
        for (const ok of [0, 1, 365, 3653]) {
            checkLogRetentionDays("x.days", ok);
        }
        checkLogRetentionDays("x.days", 400, 365);
        checkLogRetentionDays("x.days", 0, 365);
        checkLogRetentionDays("x.days", undefined, 365);
        assert.throws(
            () => checkLogRetentionDays("x.days", 180, 365),
            (e: unknown) => e instanceof ValidationError && e.field === "x.days" && /\(0, 365, 400,/.test(e.message),
        );
        assert.throws(() => checkLogRetentionDays("x.days", 2), ValidationError);
    });
});

describe("network: AZ choice for endpoints", () => {
    // Imported lazily so a missing export fails this block only.
    it("keeps the region's order and skips AZs any endpoint service lacks", async () => {
        const { pickEndpointZones } = await import("../../components/network/endpoints");
        const region = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"];
        const offered = [
            ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"],
            ["us-east-1a", "us-east-1c", "us-east-1d"], // a service missing from 1b
        ];
        assert.deepStrictEqual(pickEndpointZones(region, offered, 2), ["us-east-1a", "us-east-1c"]);
        assert.deepStrictEqual(pickEndpointZones(region, offered, 3), ["us-east-1a", "us-east-1c", "us-east-1d"]);
        assert.deepStrictEqual(pickEndpointZones(region, offered, 4), ["us-east-1a", "us-east-1c", "us-east-1d"], "fewer when not enough qualify");
        assert.deepStrictEqual(pickEndpointZones(region, [], 2), ["us-east-1a", "us-east-1b"]);
    });
});

describe("network: adoption checks", () => {
    it("accepts private subnets in distinct AZs", async () => {
        const { adoptedSubnetProblems } = await import("../../components/network/adopt");
        assert.deepStrictEqual(
            adoptedSubnetProblems([
                { id: "subnet-1", availabilityZone: "eu-west-1a", mapPublicIpOnLaunch: false },
                { id: "subnet-2", availabilityZone: "eu-west-1b", mapPublicIpOnLaunch: false },
            ]),
            [],
        );
    });

    it("names subnets that map public IPs or share an AZ", async () => {
        const { adoptedSubnetProblems } = await import("../../components/network/adopt");
        assert.deepStrictEqual(
            adoptedSubnetProblems([
                { id: "subnet-1", availabilityZone: "eu-west-1a", mapPublicIpOnLaunch: true },
                { id: "subnet-2", availabilityZone: "eu-west-1a", mapPublicIpOnLaunch: false },
            ]),
            ["subnet-1 gives instances public IPs (mapPublicIpOnLaunch)", "subnet-2 and subnet-1 are both in eu-west-1a"],
        );
    });

    it("allows the local route, S3's prefix list and routes to specific private ranges", async () => {
        const { adoptedRouteProblems } = await import("../../components/network/adopt");
        assert.deepStrictEqual(
            adoptedRouteProblems("rtb-1", [
                { cidrBlock: "10.20.0.0/16", gatewayId: "local" },
                { destinationPrefixListId: "pl-63a5400a", gatewayId: "vpce-0abc" },
                { cidrBlock: "192.168.0.0/16", transitGatewayId: "tgw-0abc" },
                { cidrBlock: "10.30.0.0/16", vpcPeeringConnectionId: "pcx-0abc" },
            ]),
            [],
        );
    });

    it("refuses internet, NAT, egress-only and carrier gateways and any default route", async () => {
        const { adoptedRouteProblems } = await import("../../components/network/adopt");
        assert.deepStrictEqual(
            adoptedRouteProblems("rtb-1", [
                { cidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" },
                { cidrBlock: "8.8.8.0/24", natGatewayId: "nat-0abc" },
                { ipv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-0abc" },
                { cidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-0abc" },
                { cidrBlock: "100.64.0.0/10", carrierGatewayId: "cagw-0abc", gatewayId: "" },
            ]),
            [
                "rtb-1 routes 0.0.0.0/0 to internet gateway igw-0abc",
                "rtb-1 routes 8.8.8.0/24 to NAT gateway nat-0abc",
                "rtb-1 routes ::/0 to egress-only gateway eigw-0abc",
                "rtb-1 has a default route (0.0.0.0/0)",
                "rtb-1 routes 100.64.0.0/10 to carrier gateway cagw-0abc",
            ],
        );
    });
});
