import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    GlueVersion,
    GlueWorkerType,
    GovernedDataLake,
    GovernedDataLakeArgs,
    LakeDatabasePermission,
    LakeLayer,
    LakePersona,
    LakeTablePermission,
    validateGovernedDataLakeArgs,
} from "../../components/datalake";
import { mocks, settle, useMocks } from "../helpers/pulumi";
import { assertInvalid } from "../helpers/fixtures";

const LAKE_KEY = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-4333-a444-555555555555";
const LOGS_KEY = "arn:aws:kms:us-east-1:111122223333:key/66666666-7777-4888-a999-000000000000";
const ADMIN = "arn:aws:iam::111122223333:role/lake-admin";
const ROLE = "arn:aws:iam::111122223333:role/data-scientist";

function args(extra: Partial<GovernedDataLakeArgs> = {}): GovernedDataLakeArgs {
    return { lakeKmsKeyArn: LAKE_KEY, logsKmsKeyArn: LOGS_KEY, lakeAdminArns: [ADMIN], ...extra };
}

/** Asserts that validation fails on `field` and that the message names it and the expected form. */
function rejects(a: GovernedDataLakeArgs, field: string, expected: RegExp): void {
    assertInvalid(() => validateGovernedDataLakeArgs(a), `GovernedDataLake.${field}`, expected);
}

const persona = (extra: object) => ({ personas: [{ persona: LakePersona.DataScientist, roleArn: ROLE, ...extra }] }) as Partial<GovernedDataLakeArgs>;

describe("GovernedDataLake validation", () => {
    it("accepts the minimal arguments and a fully specified set", () => {
        validateGovernedDataLakeArgs(args());
        validateGovernedDataLakeArgs(
            args({
                includeDeployerAsLakeAdmin: false,
                classificationValues: ["phi", "internal"],
                layerTagKey: "lake_layer",
                classificationTagKey: "sensitivity",
                layers: {
                    raw: { classification: "phi", lifecycle: { transitionToInfrequentAccessDays: 60, transitionToGlacierDays: 120, expirationDays: 3650 } },
                },
                accessLogLifecycle: { expirationDays: 2555 },
                databaseNamePrefix: "clinical",
                etlJob: {
                    glueVersion: GlueVersion.V4,
                    workerType: GlueWorkerType.G2X,
                    numberOfWorkers: 5,
                    timeoutMinutes: 60,
                    maxRetries: 2,
                    scriptKey: "_glue/scripts/a.py",
                },
                crawlerSchedule: "cron(0 2 * * ? *)",
                glueNetwork: { subnetId: "subnet-0abc", availabilityZone: "us-east-1a", securityGroupIds: ["sg-0abc"] },
                vpcEndpointId: "vpce-0abc",
                vpcEndpointExemptPrincipalArns: ["arn:aws:iam::111122223333:role/break-glass"],
                personas: [
                    {
                        persona: LakePersona.DataEngineer,
                        roleArn: "arn:aws:iam::111122223333:role/eng",
                        layers: [LakeLayer.Raw],
                        classifications: ["phi"],
                        databasePermissions: [LakeDatabasePermission.CreateTable],
                        tablePermissions: [LakeTablePermission.Select],
                    },
                ],
            }),
        );
    });

    it("skips values that are still outputs", () => {
        validateGovernedDataLakeArgs(
            args({
                lakeKmsKeyArn: pulumi.output("not-an-arn"),
                vpcEndpointId: pulumi.output("nope"),
                personas: [{ persona: LakePersona.MlPipeline, roleArn: pulumi.output("nope") }],
                glueNetwork: { subnetId: pulumi.output("x"), availabilityZone: pulumi.output("y"), securityGroupIds: [pulumi.output("z")] },
            }),
        );
    });

    const cases: [string, Partial<GovernedDataLakeArgs>, string, RegExp][] = [
        ["a missing lake key", { lakeKmsKeyArn: undefined }, "lakeKmsKeyArn", /KMS key ARN/],
        ["a lake key that isn't a KMS ARN", { lakeKmsKeyArn: "arn:aws:s3:::bucket" }, "lakeKmsKeyArn", /ARN of the kms service/],
        ["a missing logs key", { logsKmsKeyArn: "" }, "logsKmsKeyArn", /KMS key ARN/],
        ["a logs key that isn't an ARN", { logsKmsKeyArn: "alias/logs" }, "logsKmsKeyArn", /ARN of the kms service/],
        ["an admin that isn't an IAM ARN", { lakeAdminArns: ["lake-admin"] }, "lakeAdminArns[0]", /ARN of the iam service/],
        ["no admin at all", { lakeAdminArns: [], includeDeployerAsLakeAdmin: false }, "lakeAdminArns", /at least one IAM principal ARN/],
        ["no classification values", { classificationValues: [] }, "classificationValues", /non-empty list/],
        ["an upper-case classification value", { classificationValues: ["PHI"] }, "classificationValues[0]", /lower-case LF-tag value/],
        ["repeated classification values", { classificationValues: ["phi", "phi"] }, "classificationValues", /distinct values/],
        ["an invalid layer tag key", { layerTagKey: "Layer Key" }, "layerTagKey", /lower-case LF-tag key/],
        ["an invalid classification tag key", { classificationTagKey: "" }, "classificationTagKey", /lower-case LF-tag key/],
        ["the same key for both tags", { layerTagKey: "tier", classificationTagKey: "tier" }, "classificationTagKey", /different from layerTagKey/],
        [
            "a layer classification outside the values",
            { layers: { raw: { classification: "secret" } } },
            "layers.raw.classification",
            /one of classificationValues/,
        ],
        [
            "STANDARD_IA before 30 days",
            { layers: { processed: { lifecycle: { transitionToInfrequentAccessDays: 10 } } } },
            "layers.processed.lifecycle.transitionToInfrequentAccessDays",
            /integer between 30 and 36500/,
        ],
        [
            "GLACIER before STANDARD_IA",
            { layers: { raw: { lifecycle: { transitionToGlacierDays: 20 } } } },
            "layers.raw.lifecycle.transitionToGlacierDays",
            /more days than transitionToInfrequentAccessDays \(30\)/,
        ],
        [
            "a fractional GLACIER day count",
            { layers: { analytics: { lifecycle: { transitionToGlacierDays: 1.5 } } } },
            "layers.analytics.lifecycle.transitionToGlacierDays",
            /integer between 1 and 36500/,
        ],
        [
            "a zero noncurrent-version expiry",
            { layers: { analytics: { lifecycle: { noncurrentVersionExpirationDays: 0 } } } },
            "layers.analytics.lifecycle.noncurrentVersionExpirationDays",
            /integer between 1 and 36500/,
        ],
        [
            "expiry before the last transition",
            { layers: { raw: { lifecycle: { expirationDays: 100 } } } },
            "layers.raw.lifecycle.expirationDays",
            /more days than the last transition \(180\)/,
        ],
        [
            "an access-log expiry before GLACIER",
            { accessLogLifecycle: { expirationDays: 300 } },
            "accessLogLifecycle.expirationDays",
            /more days than the last transition \(365\)/,
        ],
        ["a database prefix with upper case", { databaseNamePrefix: "Clinical" }, "databaseNamePrefix", /lower-case letters, digits and _/],
        ["an unknown Glue version", { etlJob: { glueVersion: "3.0" as GlueVersion } }, "etlJob.glueVersion", /one of "5.0", "4.0"/],
        ["an unknown worker type", { etlJob: { workerType: "Standard" as GlueWorkerType } }, "etlJob.workerType", /one of "G.1X"/],
        ["one worker", { etlJob: { numberOfWorkers: 1 } }, "etlJob.numberOfWorkers", /integer between 2 and 299/],
        ["a timeout over two days", { etlJob: { timeoutMinutes: 3000 } }, "etlJob.timeoutMinutes", /integer between 1 and 2880/],
        ["negative retries", { etlJob: { maxRetries: -1 } }, "etlJob.maxRetries", /integer between 0 and 10/],
        ["a script outside the artifacts prefix", { etlJob: { scriptKey: "scripts/job.py" } }, "etlJob.scriptKey", /\.py file under "_glue\/"/],
        ["a script key escaping the prefix", { etlJob: { scriptKey: "_glue/../raw/job.py" } }, "etlJob.scriptKey", /\.py file under "_glue\/"/],
        ["a rate schedule", { crawlerSchedule: "rate(1 day)" }, "crawlerSchedule", /Glue cron expression/],
        [
            "a Glue subnet that isn't a subnet id",
            { glueNetwork: { subnetId: "10.0.0.0/24", availabilityZone: "us-east-1a", securityGroupIds: ["sg-0abc"] } },
            "glueNetwork.subnetId",
            /subnet id/,
        ],
        [
            "a Glue zone that isn't a zone name",
            { glueNetwork: { subnetId: "subnet-0abc", availabilityZone: "use1-az1", securityGroupIds: ["sg-0abc"] } },
            "glueNetwork.availabilityZone",
            /availability zone name/,
        ],
        [
            "no Glue security groups",
            { glueNetwork: { subnetId: "subnet-0abc", availabilityZone: "us-east-1a", securityGroupIds: [] } },
            "glueNetwork.securityGroupIds",
            /non-empty list of security group ids/,
        ],
        [
            "a Glue security group that isn't an id",
            { glueNetwork: { subnetId: "subnet-0abc", availabilityZone: "us-east-1a", securityGroupIds: ["workload"] } },
            "glueNetwork.securityGroupIds[0]",
            /security group id/,
        ],
        ["a VPC endpoint that isn't an endpoint id", { vpcEndpointId: "vpc-0abc" }, "vpcEndpointId", /VPC endpoint id/],
        ["an exempt principal that isn't an ARN", { vpcEndpointExemptPrincipalArns: ["break-glass"] }, "vpcEndpointExemptPrincipalArns[0]", /an ARN/],
        ["an unknown persona", persona({ persona: "auditor" }), "personas[0].persona", /one of "data-engineer"/],
        ["a persona without a role", persona({ roleArn: undefined }), "personas[0].roleArn", /IAM role ARN/],
        ["a persona role that is a user", persona({ roleArn: "arn:aws:iam::111122223333:user/alice" }), "personas[0].roleArn", /IAM role ARN/],
        ["a persona role that is an LF admin", persona({ roleArn: ADMIN }), "personas[0].roleArn", /not a Lake Formation admin/],
        ["a persona with no layers", persona({ layers: [] }), "personas[0].layers", /non-empty list of layers/],
        ["a persona with an unknown layer", persona({ layers: ["bronze"] }), "personas[0].layers[0]", /one of "raw", "processed", "analytics"/],
        ["a persona with no classifications", persona({ classifications: [] }), "personas[0].classifications", /non-empty list/],
        ["a persona with an unknown classification", persona({ classifications: ["secret"] }), "personas[0].classifications[0]", /one of classificationValues/],
        [
            "a data scientist whose default classifications would all be regulated",
            { classificationValues: ["phi", "pci"], ...persona({}) },
            "personas[0].classifications",
            /explicit list/,
        ],
        ["a table permission on a database", persona({ databasePermissions: ["SELECT"] }), "personas[0].databasePermissions[0]", /one of "DESCRIBE"/],
        ["ALL on tables", persona({ tablePermissions: ["ALL"] }), "personas[0].tablePermissions[0]", /one of "SELECT"/],
        ["a persona with no permissions", persona({ databasePermissions: [], tablePermissions: [] }), "personas[0].tablePermissions", /at least one/],
    ];
    for (const [what, extra, field, expected] of cases) {
        it(`rejects ${what}`, () => rejects(args(extra), field, expected));
    }

    describe("in the constructor", () => {
        beforeEach(() => useMocks());

        it("throws before any AWS resource is created", async () => {
            assert.throws(() => new GovernedDataLake("bad", args({ etlJob: { numberOfWorkers: 0 } })), /GovernedDataLake\.etlJob\.numberOfWorkers/);
            await settle();
            assert.deepStrictEqual(
                mocks.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.name),
                [],
            );
        });
    });
});
