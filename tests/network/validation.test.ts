import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../components/lib/validation";
import {
    ConnectedSandboxVpcArgs,
    IsolatedNetworkArgs,
    SandboxNatGateways,
    validateConnectedSandboxVpcArgs,
    validateIsolatedNetworkArgs,
} from "../../components/network";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function happy(): IsolatedNetworkArgs {
    return { allowedBucketArns: ["arn:aws:s3:::mlp-dev-raw"], logsKmsKeyArn: KEY };
}

function existing(): IsolatedNetworkArgs {
    return {
        ...happy(),
        existing: {
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
            routeTableIds: ["rtb-0123456789abcdef0"],
        },
    };
}

/** Asserts that `fn` throws a ValidationError for `field` whose message names the field and matches `expected`. */
function rejects(fn: () => void, field: string, expected: RegExp): void {
    assert.throws(fn, (err: unknown) => {
        assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
        assert.strictEqual(err.field, field);
        assert.ok(err.message.startsWith(`invalid value for "${field}": expected `), err.message);
        assert.match(err.message, expected);
        return true;
    });
}

describe("network: IsolatedNetwork validation", () => {
    it("accepts the minimal args, the adoption args and every documented option", () => {
        validateIsolatedNetworkArgs(happy());
        validateIsolatedNetworkArgs(existing());
        validateIsolatedNetworkArgs({
            ...happy(),
            cidrBlock: "192.168.0.0/22",
            availabilityZones: ["us-east-1a", "us-east-1c", "us-east-1d"],
            availabilityZoneCount: 3,
            awsServiceBucketArns: ["arn:aws:s3:::amazonlinux-2-repos-us-east-1/*"],
            interfaceEndpointServices: ["secretsmanager", "servicecatalog"],
            endpointAzCount: 3,
            endpointClientCidrBlocks: ["10.0.0.0/8"],
            endpointClientSecurityGroupIds: ["sg-0123456789abcdef0"],
            flowLogRetentionDays: 3653,
        });
    });

    it("skips values that are still outputs", () => {
        validateIsolatedNetworkArgs({
            ...happy(),
            allowedBucketArns: [pulumi.output("not-an-arn")],
            logsKmsKeyArn: pulumi.output("later"),
        });
    });

    it("rejects a malformed, public, too large or too small VPC range", () => {
        rejects(() => validateIsolatedNetworkArgs({ ...happy(), cidrBlock: "10.20.0.0" }), "IsolatedNetwork.cidrBlock", /IPv4 CIDR block .* from \/16 to \/22/);
        rejects(() => validateIsolatedNetworkArgs({ ...happy(), cidrBlock: "10.0.0.0/8" }), "IsolatedNetwork.cidrBlock", /from \/16 to \/22/);
        rejects(() => validateIsolatedNetworkArgs({ ...happy(), cidrBlock: "10.20.0.0/24" }), "IsolatedNetwork.cidrBlock", /from \/16 to \/22/);
        rejects(() => validateIsolatedNetworkArgs({ ...happy(), cidrBlock: "10.20.0.1/16" }), "IsolatedNetwork.cidrBlock", /no host bits set/);
        rejects(() => validateIsolatedNetworkArgs({ ...happy(), cidrBlock: "52.20.0.0/16" }), "IsolatedNetwork.cidrBlock", /private \(RFC 1918\) range/);
    });

    it("requires 2 to 6 AZs", () => {
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), availabilityZoneCount: 1 }),
            "IsolatedNetwork.availabilityZoneCount",
            /an integer between 2 and 6/,
        );
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), availabilityZoneCount: 7 }),
            "IsolatedNetwork.availabilityZoneCount",
            /an integer between 2 and 6/,
        );
        rejects(() => validateIsolatedNetworkArgs({ ...happy(), availabilityZoneCount: 2.5 }), "IsolatedNetwork.availabilityZoneCount", /an integer/);
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), availabilityZones: ["us-east-1a"] }),
            "IsolatedNetwork.availabilityZones",
            /a list of 2 to 6 AZ names/,
        );
        rejects(
            () =>
                validateIsolatedNetworkArgs({
                    ...happy(),
                    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f", "us-east-1g"],
                }),
            "IsolatedNetwork.availabilityZones",
            /a list of 2 to 6 AZ names/,
        );
    });

    it("rejects malformed or repeated AZ names, and a count that disagrees with them", () => {
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), availabilityZones: ["us-east-1a", "use1-az2"] }),
            "IsolatedNetwork.availabilityZones[1]",
            /an AZ name such as "us-east-1a"/,
        );
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), availabilityZones: ["us-east-1a", "us-east-1a"] }),
            "IsolatedNetwork.availabilityZones",
            /distinct values/,
        );
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), availabilityZones: ["us-east-1a", "us-east-1b"], availabilityZoneCount: 3 }),
            "IsolatedNetwork.availabilityZoneCount",
            /2, the number of availabilityZones given/,
        );
    });

    it("requires platform bucket ARNs, bucket-level and not a bare wildcard", () => {
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), allowedBucketArns: [] }),
            "IsolatedNetwork.allowedBucketArns",
            /non-empty list of the platform's bucket ARNs/,
        );
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), allowedBucketArns: undefined as unknown as string[] }),
            "IsolatedNetwork.allowedBucketArns",
            /non-empty list/,
        );
        for (const bad of ["arn:aws:s3:::*", "arn:aws:s3:::ab*", "arn:aws:s3:::mlp-raw/*", "mlp-raw", "arn:aws:kms:::mlp-raw"]) {
            rejects(
                () => validateIsolatedNetworkArgs({ ...happy(), allowedBucketArns: ["arn:aws:s3:::ok-bucket", bad] }),
                "IsolatedNetwork.allowedBucketArns[1]",
                /bucket ARN "arn:aws:s3:::<bucket>" or prefix pattern/,
            );
        }
    });

    it("rejects AWS-service bucket entries that are not S3 ARNs", () => {
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), awsServiceBucketArns: ["arn:aws:s3:::*"] }),
            "IsolatedNetwork.awsServiceBucketArns[0]",
            /an S3 ARN/,
        );
    });

    it("wants short interface endpoint service names", () => {
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), interfaceEndpointServices: ["com.amazonaws.us-east-1.sqs"] }),
            "IsolatedNetwork.interfaceEndpointServices[0]",
            /without "com.amazonaws.<region>."/,
        );
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), interfaceEndpointServices: ["aws.sagemaker.us-east-1.studio"] }),
            "IsolatedNetwork.interfaceEndpointServices[0]",
            /short service name/,
        );
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), interfaceEndpointServices: ["Secrets Manager"] }),
            "IsolatedNetwork.interfaceEndpointServices[0]",
            /short service name/,
        );
    });

    it("bounds endpointAzCount by the number of subnets", () => {
        rejects(() => validateIsolatedNetworkArgs({ ...happy(), endpointAzCount: 0 }), "IsolatedNetwork.endpointAzCount", /an integer between 1 and 2/);
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), availabilityZoneCount: 3, endpointAzCount: 4 }),
            "IsolatedNetwork.endpointAzCount",
            /between 1 and 3/,
        );
        rejects(() => validateIsolatedNetworkArgs({ ...existing(), endpointAzCount: 3 }), "IsolatedNetwork.endpointAzCount", /between 1 and 2/);
    });

    it("refuses 0.0.0.0/0 and other too-wide endpoint client ranges", () => {
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), endpointClientCidrBlocks: ["0.0.0.0/0"] }),
            "IsolatedNetwork.endpointClientCidrBlocks[0]",
            /from \/8 to \/32/,
        );
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), endpointClientCidrBlocks: ["10.0.0.0/8", "8.0.0.0/7"] }),
            "IsolatedNetwork.endpointClientCidrBlocks[1]",
            /from \/8 to \/32/,
        );
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), endpointClientSecurityGroupIds: ["default"] }),
            "IsolatedNetwork.endpointClientSecurityGroupIds[0]",
            /a security group id/,
        );
    });

    it("requires a KMS key ARN for the flow logs and a CloudWatch retention period", () => {
        rejects(() => validateIsolatedNetworkArgs({ ...happy(), logsKmsKeyArn: "" }), "IsolatedNetwork.logsKmsKeyArn", /the ARN of a KMS key/);
        rejects(() => validateIsolatedNetworkArgs({ ...happy(), logsKmsKeyArn: "alias/logs" }), "IsolatedNetwork.logsKmsKeyArn", /the ARN of a KMS key/);
        rejects(
            () => validateIsolatedNetworkArgs({ ...happy(), flowLogRetentionDays: 366 }),
            "IsolatedNetwork.flowLogRetentionDays",
            /CloudWatch Logs' retention periods in days \(0, 1, 3,/,
        );
        rejects(() => validateIsolatedNetworkArgs({ ...happy(), flowLogRetentionDays: -1 }), "IsolatedNetwork.flowLogRetentionDays", /retention periods/);
    });

    it("does not mix adoption with the new-VPC settings", () => {
        rejects(
            () => validateIsolatedNetworkArgs({ ...existing(), cidrBlock: "10.20.0.0/16" }),
            "IsolatedNetwork.cidrBlock",
            /nothing when "existing" adopts a VPC/,
        );
        rejects(
            () => validateIsolatedNetworkArgs({ ...existing(), availabilityZoneCount: 2 }),
            "IsolatedNetwork.availabilityZoneCount",
            /nothing when "existing"/,
        );
        rejects(
            () => validateIsolatedNetworkArgs({ ...existing(), availabilityZones: ["us-east-1a", "us-east-1b"] }),
            "IsolatedNetwork.availabilityZones",
            /nothing when "existing"/,
        );
    });

    it("checks the adopted VPC's ids", () => {
        const ex = existing().existing!;
        const withEx = (patch: object) => ({ ...happy(), existing: { ...ex, ...patch } });
        rejects(() => validateIsolatedNetworkArgs(withEx({ vpcId: "" })), "IsolatedNetwork.existing.vpcId", /a VPC id such as/);
        rejects(() => validateIsolatedNetworkArgs(withEx({ vpcId: "vpc-xyz" })), "IsolatedNetwork.existing.vpcId", /a VPC id such as/);
        rejects(
            () => validateIsolatedNetworkArgs(withEx({ subnetIds: ["subnet-0123456789abcdef0"] })),
            "IsolatedNetwork.existing.subnetIds",
            /a list of 2 to 16 private subnet ids, one per AZ/,
        );
        rejects(
            () => validateIsolatedNetworkArgs(withEx({ subnetIds: ["subnet-0123456789abcdef0", "sn-1"] })),
            "IsolatedNetwork.existing.subnetIds[1]",
            /a subnet id such as/,
        );
        rejects(
            () => validateIsolatedNetworkArgs(withEx({ subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef0"] })),
            "IsolatedNetwork.existing.subnetIds",
            /distinct values/,
        );
        rejects(
            () => validateIsolatedNetworkArgs(withEx({ routeTableIds: [] })),
            "IsolatedNetwork.existing.routeTableIds",
            /non-empty list of the subnets' route table ids/,
        );
        rejects(
            () => validateIsolatedNetworkArgs(withEx({ routeTableIds: ["rt-1"] })),
            "IsolatedNetwork.existing.routeTableIds[0]",
            /a route table id such as/,
        );
        rejects(
            () => validateIsolatedNetworkArgs(withEx({ routeTableIds: ["rtb-0123456789abcdef0", "rtb-0123456789abcdef0"] })),
            "IsolatedNetwork.existing.routeTableIds",
            /distinct values/,
        );
        rejects(
            () => validateIsolatedNetworkArgs(withEx({ workloadSecurityGroupId: "sg-1" })),
            "IsolatedNetwork.existing.workloadSecurityGroupId",
            /a security group id such as/,
        );
        rejects(
            () => validateIsolatedNetworkArgs(withEx({ servicesWithExistingEndpoints: ["STS"] })),
            "IsolatedNetwork.existing.servicesWithExistingEndpoints[0]",
            /a short service name such as "sts"/,
        );
    });
});

describe("network: ConnectedSandboxVpc validation", () => {
    const ok: ConnectedSandboxVpcArgs = { allowInternetAccess: true };

    it("accepts an explicit acknowledgement with defaults or valid options", () => {
        validateConnectedSandboxVpcArgs(ok);
        validateConnectedSandboxVpcArgs({ ...ok, cidrBlock: "10.99.0.0/20", availabilityZoneCount: 3, natGateways: SandboxNatGateways.OnePerAz });
    });

    it("refuses to build without the internet-access acknowledgement", () => {
        rejects(
            () => validateConnectedSandboxVpcArgs({ allowInternetAccess: false }),
            "ConnectedSandboxVpc.allowInternetAccess",
            /true, acknowledging .* must not hold regulated data/,
        );
        rejects(() => validateConnectedSandboxVpcArgs({} as ConnectedSandboxVpcArgs), "ConnectedSandboxVpc.allowInternetAccess", /true, acknowledging/);
    });

    it("checks the range, the AZ count and the NAT strategy", () => {
        rejects(() => validateConnectedSandboxVpcArgs({ ...ok, cidrBlock: "10.99.0.0/8" }), "ConnectedSandboxVpc.cidrBlock", /from \/16 to \/22/);
        rejects(() => validateConnectedSandboxVpcArgs({ ...ok, availabilityZoneCount: 4 }), "ConnectedSandboxVpc.availabilityZoneCount", /between 2 and 3/);
        rejects(
            () => validateConnectedSandboxVpcArgs({ ...ok, natGateways: "None" as SandboxNatGateways }),
            "ConnectedSandboxVpc.natGateways",
            /one of "Single", "OnePerAz"/,
        );
    });
});
