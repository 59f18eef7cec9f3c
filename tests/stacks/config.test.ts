import * as assert from "assert";
import { Environment, parsePlatformConfig, RawConfig } from "../../stacks/config";
import { readStackConfig } from "../helpers/stackConfig";

const valid = (): RawConfig => ({
    "aws:region": "us-east-1",
    "aws:allowedAccountIds": '["111122223333"]',
    environment: "prod",
    owner: "ml-team",
    costCenter: "cc-1",
    lakeFormationAdmins: '["arn:aws:iam::111122223333:role/lake-admin"]',
});

describe("stack config", () => {
    it("derives secure, environment-appropriate defaults", () => {
        const prod = parsePlatformConfig(valid());
        assert.strictEqual(prod.environment, Environment.Prod);
        assert.strictEqual(prod.regulated, true);
        assert.strictEqual(prod.protectResources, true);
        assert.strictEqual(prod.kmsDeletionWindowDays, 30);
        assert.strictEqual(prod.network.availabilityZoneCount, 3);
        assert.strictEqual(prod.inference.minInstances, 2);
        assert.strictEqual(prod.lake.restrictToVpcEndpoint, true);
        assert.strictEqual(prod.dataClassification, "phi");
        assert.strictEqual(prod.accountId, "111122223333");

        const dev = parsePlatformConfig({ ...valid(), environment: "dev" });
        assert.strictEqual(dev.regulated, false);
        assert.strictEqual(dev.network.availabilityZoneCount, 2);
        assert.strictEqual(dev.protectResources, true, "even dev protects unless told not to");
    });

    it("pins the served model only when asked", () => {
        assert.strictEqual(parsePlatformConfig(valid()).inference.modelDataUrl, undefined);
        const pinned = parsePlatformConfig({ ...valid(), inferenceModelDataUrl: "s3://lake-analytics/ml/models/v3/model.tar.gz" });
        assert.strictEqual(pinned.inference.modelDataUrl, "s3://lake-analytics/ml/models/v3/model.tar.gz");
    });

    const bad: [string, RawConfig, RegExp][] = [
        ["an unknown environment", { environment: "qa" }, /"ml-platform:environment": expected one of "dev", "staging", "prod", got "qa"/],
        ["a missing environment", { environment: undefined }, /"ml-platform:environment": expected a value \(the key is required/],
        ["a missing owner", { owner: undefined }, /"ml-platform:owner": expected a value/],
        ["an invalid CIDR", { vpcCidr: "10.0.0.0/33" }, /"ml-platform:vpcCidr": expected an IPv4 CIDR block/],
        ["a CIDR with host bits", { vpcCidr: "10.0.0.1/16" }, /"ml-platform:vpcCidr": .*no host bits set/],
        [
            "fewer than 3 AZs in prod",
            { availabilityZones: "2" },
            /"ml-platform:availabilityZones": expected an integer from 3 to 6 \(prod spreads over at least 3 AZs\), got "2"/,
        ],
        ["1 AZ in dev", { environment: "dev", availabilityZones: "1" }, /"ml-platform:availabilityZones": expected an integer from 2 to 6/],
        [
            "a retention below the regulated minimum",
            { logRetentionDays: "90" },
            /"ml-platform:logRetentionDays": expected an integer from 365 to 3653 \(regulated stacks keep logs at least 365 days\)/,
        ],
        ["a retention CloudWatch doesn't accept", { logRetentionDays: "500" }, /"ml-platform:logRetentionDays": expected a CloudWatch Logs retention period/],
        ["a short KMS deletion window in prod", { kmsDeletionWindowDays: "7" }, /"ml-platform:kmsDeletionWindowDays": expected an integer from 30 to 30/],
        [
            "a missing Lake Formation admin list",
            { lakeFormationAdmins: undefined },
            /"ml-platform:lakeFormationAdmins": expected a non-empty list of IAM role or user ARNs .*required/,
        ],
        [
            "a Lake Formation admin that isn't an ARN",
            { lakeFormationAdmins: '["admin"]' },
            /"ml-platform:lakeFormationAdmins": expected a non-empty list of IAM role or user ARNs/,
        ],
        ["a non-boolean flag", { trainingUseSpot: "yes" }, /"ml-platform:trainingUseSpot": expected true or false, got "yes"/],
        [
            "a single endpoint AZ in a regulated stack",
            { endpointAvailabilityZones: "1" },
            /"ml-platform:endpointAvailabilityZones": expected an integer from 3 to 3/,
        ],
        ["max instances below min", { inferenceMaxInstances: "1" }, /"ml-platform:inferenceMaxInstances": expected an integer from 2 to 100/],
        [
            "a model URL that isn't an S3 object",
            { inferenceModelDataUrl: "s3://bucket/models/" },
            /"ml-platform:inferenceModelDataUrl": expected an S3 object URL/,
        ],
        [
            "an unknown tuning strategy",
            { trainingTuning: "true", trainingTuningStrategy: "Annealing" },
            /"ml-platform:trainingTuningStrategy": expected one of "Bayesian", "Random", "Hyperband", got "Annealing"/,
        ],
        [
            "Grid search over the platform's numeric ranges",
            { trainingTuning: "true", trainingTuningStrategy: "Grid" },
            /"ml-platform:trainingTuningStrategy": expected one of "Bayesian", "Random", "Hyperband", got "Grid"/,
        ],
        [
            "more parallel tuning jobs than jobs",
            { trainingTuning: "true", trainingTuningMaxJobs: "4", trainingTuningMaxParallelJobs: "5" },
            /"ml-platform:trainingTuningMaxParallelJobs": expected an integer from 1 to 4 \(at most trainingTuningMaxJobs, 4\), got "5"/,
        ],
        [
            "a tuning budget above the service limit",
            { trainingTuning: "true", trainingTuningMaxJobs: "501" },
            /"ml-platform:trainingTuningMaxJobs": expected an integer from 1 to 500/,
        ],
        ["a malformed region", { "aws:region": "useast1" }, /"aws:region": expected an AWS region/],
        [
            "two allowed accounts",
            { "aws:allowedAccountIds": '["111122223333","444455556666"]' },
            /"aws:allowedAccountIds": expected a list holding the one 12-digit account/,
        ],
    ];
    for (const [what, change, message] of bad) {
        it(`rejects ${what} with one message naming the key`, () => {
            assert.throws(() => parsePlatformConfig({ ...valid(), ...change }), message);
        });
    }

    for (const env of ["dev", "staging", "prod"]) {
        it(`accepts Pulumi.${env}.yaml as committed`, () => {
            const config = parsePlatformConfig(readStackConfig(env));
            assert.strictEqual(config.environment, env);
        });
    }

    it("tunes hyperparameters only when asked, and in staging", () => {
        assert.strictEqual(parsePlatformConfig(valid()).training.tuning, undefined);
        assert.strictEqual(
            parsePlatformConfig({ ...valid(), trainingTuningMaxJobs: "0" }).training.tuning,
            undefined,
            "tuning keys are read only with trainingTuning",
        );
        assert.deepStrictEqual(parsePlatformConfig({ ...valid(), trainingTuning: "true" }).training.tuning, {
            strategy: "Bayesian",
            maxJobs: 10,
            maxParallelJobs: 2,
        });
        assert.deepStrictEqual(parsePlatformConfig({ ...valid(), trainingTuning: "true", trainingTuningMaxJobs: "1" }).training.tuning?.maxParallelJobs, 1);
        assert.strictEqual(parsePlatformConfig(readStackConfig("dev")).training.tuning, undefined);
        assert.strictEqual(parsePlatformConfig(readStackConfig("prod")).training.tuning, undefined);
        assert.ok(parsePlatformConfig(readStackConfig("staging")).training.tuning);
    });

    it("keeps prod stricter than dev", () => {
        const dev = parsePlatformConfig(readStackConfig("dev"));
        const prod = parsePlatformConfig(readStackConfig("prod"));
        assert.strictEqual(prod.protectResources, true);
        assert.strictEqual(dev.protectResources, false);
        assert.ok(prod.network.availabilityZoneCount > dev.network.availabilityZoneCount);
        assert.ok(prod.logRetentionDays >= 365);
        assert.ok(dev.network.endpointAvailabilityZoneCount < prod.network.endpointAvailabilityZoneCount);
    });
});
