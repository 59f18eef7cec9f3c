/**
 * The SageMaker, Glue, Lake Formation, Step Functions, SNS and CloudWatch
 * alarm rules never throw: every property of every fixture (and of a
 * pipeline definition's JSON) is replaced, one at a time, by each kind of
 * unknown, by null, and by values of the wrong type. The harness turns any
 * exception other than the SDK's UnknownValueError into a failure, as the
 * engine would fail the preview.
 */
import * as assert from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "../../policies/rules";
import { run, TestResource, UNKNOWN } from "./harness";
import {
    dataQualityProps,
    domainProps,
    endpointConfigProps,
    endpointProps,
    featureGroupProps,
    modelProps,
    monitoringScheduleProps,
    notebookProps,
    pipelineDefinition,
    pipelineProps,
    trainingJobProps,
    tuningJobProps,
    withValue,
} from "./sagemakerFixtures";

const REPLACEMENTS: unknown[] = [...Object.values(UNKNOWN), null, 0, -1, "", "x", true, false, [], {}, ["x"], [{}], [null], { a: 1 }];

/** Every property path of a JSON value, parents before children. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const out: (string | number)[][] = [];
    if (Array.isArray(value)) {
        value.forEach((v, i) => {
            out.push([...prefix, i], ...paths(v, [...prefix, i]));
        });
    } else if (typeof value === "object" && value !== null) {
        for (const [k, v] of Object.entries(value)) {
            out.push([...prefix, k], ...paths(v, [...prefix, k]));
        }
    }
    return out;
}

/** The resources each rule family is exercised with (a compliant fixture per type). */
const FIXTURES: { type: string; props: object }[] = [
    { type: "aws:sagemaker/domain:Domain", props: domainProps() },
    { type: "aws:sagemaker/notebookInstance:NotebookInstance", props: notebookProps() },
    { type: "aws:sagemaker/model:Model", props: modelProps() },
    { type: "aws:sagemaker/endpointConfiguration:EndpointConfiguration", props: endpointConfigProps() },
    { type: "aws:sagemaker/endpoint:Endpoint", props: endpointProps() },
    { type: "aws:sagemaker/featureGroup:FeatureGroup", props: featureGroupProps() },
    { type: "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition", props: dataQualityProps() },
    { type: "aws:sagemaker/monitoringSchedule:MonitoringSchedule", props: monitoringScheduleProps() },
    { type: "aws:sagemaker/trainingJob:TrainingJob", props: trainingJobProps() },
    { type: "aws:sagemaker/hyperParameterTuningJob:HyperParameterTuningJob", props: tuningJobProps() },
    { type: "aws:sagemaker/pipeline:Pipeline", props: pipelineProps() },
    {
        type: "aws:glue/securityConfiguration:SecurityConfiguration",
        props: {
            name: "lake-sc",
            encryptionConfiguration: {
                s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: "k" },
                cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: "k" },
                jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: "k" },
            },
        },
    },
    { type: "aws:glue/crawler:Crawler", props: { databaseName: "raw", role: "r", securityConfiguration: "lake-sc" } },
    { type: "aws:glue/job:Job", props: { roleArn: "r", command: { scriptLocation: "s3://s/x.py" }, securityConfiguration: "lake-sc" } },
    {
        type: "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
        props: {
            dataCatalogEncryptionSettings: {
                encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: "k" },
                connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: "k" },
            },
        },
    },
    {
        type: "aws:lakeformation/dataLakeSettings:DataLakeSettings",
        props: { admins: ["a"], createDatabaseDefaultPermissions: [{ principal: "p", permissions: ["ALL"] }], createTableDefaultPermissions: [] },
    },
    { type: "aws:s3/bucket:Bucket", props: { bucket: "lake-raw", arn: "arn:aws:s3:::lake-raw", tags: { "lake-layer": "raw" } } },
    { type: "aws:lakeformation/resource:Resource", props: { arn: "arn:aws:s3:::lake-raw", roleArn: "r" } },
    {
        type: "aws:sfn/stateMachine:StateMachine",
        props: {
            roleArn: "r",
            definition: "{}",
            loggingConfiguration: { level: "ALL", logDestination: "arn:aws:logs:us-east-1:1:log-group:g:*" },
            tracingConfiguration: { enabled: true },
            encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: "k" },
        },
    },
    { type: "aws:cloudwatch/logGroup:LogGroup", props: { name: "g", arn: "arn:aws:logs:us-east-1:1:log-group:g", kmsKeyId: "k" } },
    { type: "aws:sns/topic:Topic", props: { kmsMasterKeyId: "alias/aws/sns" } },
    { type: "aws:cloudwatch/metricAlarm:MetricAlarm", props: { actionsEnabled: true, alarmActions: ["arn:aws:sns:us-east-1:1:t"] } },
];

const OUR_PREFIXES = ["aws-sagemaker-", "aws-glue-", "aws-lakeformation-", "aws-sfn-", "aws-sns-", "aws-cloudwatch-metricalarm-"];
const ours = allPolicies.filter((p) => OUR_PREFIXES.some((prefix) => p.name.startsWith(prefix)));

/** Every mutation of every fixture: the whole props replaced, or one property. */
function* mutations(): Generator<{ label: string; resource: TestResource }> {
    for (const f of FIXTURES) {
        for (const value of [{}, ...REPLACEMENTS.filter((r) => typeof r === "object" && r !== null && !Array.isArray(r))]) {
            yield { label: `${f.type} props ${JSON.stringify(value)}`, resource: { type: f.type, props: value as Record<string, unknown> } };
        }
        for (const path of paths(f.props)) {
            for (const value of REPLACEMENTS) {
                yield { label: `${f.type} ${path.join(".")} = ${JSON.stringify(value)}`, resource: { type: f.type, props: withValue(f.props, path, value) } };
            }
        }
    }
}

describe("ML service rules never throw", () => {
    it("covers every rule of these services", () => {
        assert.ok(ours.length >= 32, `found ${ours.length} rules`);
    });

    for (const config of [{}, { environment: "dev" }]) {
        it(`survive every mutation of every fixture (config ${JSON.stringify(config)})`, async function () {
            this.timeout(120_000);
            for (const { label, resource } of mutations()) {
                for (const policy of ours) {
                    if (typeof (policy as StackValidationPolicy).validateStack === "function") {
                        // Stack rules see the mutated resource among compliant neighbours of every type.
                        const neighbours = FIXTURES.filter((f) => f.type !== resource.type).map((f, i) => ({
                            type: f.type,
                            name: `n${i}`,
                            props: f.props as Record<string, unknown>,
                        }));
                        await run(policy as StackValidationPolicy, [resource, ...neighbours], { config }).catch((e: Error) => {
                            throw new Error(`${policy.name} threw on ${label}: ${e.message}`);
                        });
                    } else {
                        await run(policy as ResourceValidationPolicy, [resource], { config }).catch((e: Error) => {
                            throw new Error(`${policy.name} threw on ${label}: ${e.message}`);
                        });
                    }
                }
            }
        });
    }

    it("survive every mutation of a pipeline definition's JSON", async function () {
        this.timeout(120_000);
        const def = pipelineDefinition();
        const training = ours.filter(
            (p) => p.name.startsWith("aws-sagemaker-trainingjob-") || p.name === "aws-sagemaker-instancetype-enforce-allowed-families",
        );
        assert.strictEqual(training.length, 6);
        for (const path of paths(def)) {
            for (const value of REPLACEMENTS) {
                const resource: TestResource = { type: "aws:sagemaker/pipeline:Pipeline", props: pipelineProps(JSON.stringify(withValue(def, path, value))) };
                for (const policy of training) {
                    await run(policy as ResourceValidationPolicy, [resource], { config: { environment: "dev" } }).catch((e: Error) => {
                        throw new Error(`${policy.name} threw on definition ${path.join(".")} = ${JSON.stringify(value)}: ${e.message}`);
                    });
                }
            }
        }
    });
});
