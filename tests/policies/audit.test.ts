import * as assert from "assert";
import { cfgRecorderEnableConfigurationRecording } from "../../policies/rules/cfg/Recorder/enableConfigurationRecording";
import { cloudtrailTrailEnableMultiRegionTrail } from "../../policies/rules/cloudtrail/Trail/enableMultiRegionTrail";
import { cloudtrailTrailEnableS3DataEvents } from "../../policies/rules/cloudtrail/Trail/enableS3DataEvents";
import { cloudwatchLogGroupConfigureRetention } from "../../policies/rules/cloudwatch/LogGroup/configureRetention";
import { cloudwatchLogGroupEnableKmsEncryption } from "../../policies/rules/cloudwatch/LogGroup/enableKmsEncryption";
import { baseline, KEY_ARN, T, tags, withProps } from "./awsFixtures";
import { runStack, TestResource, UNKNOWN } from "./harness";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check } from "./sagemakerTesting";

const stackWith = (...names: string[]) => baseline().filter((r) => names.some((n) => r.name === n || r.name?.startsWith(`${n}-`)));

describe("aws-cloudtrail-trail-enable-multi-region-trail", () => {
    const p = cloudtrailTrailEnableMultiRegionTrail;
    const trail = () => stackWith("trail");

    it("passes the baseline trail", async () => {
        assertOutcome(await runStack(p, trail()), "compliant");
    });
    it("reports a stack without a trail (missing value)", async () => {
        assertViolations(await runStack(p, stackWith("key")), 1, "the stack has no CloudTrail trail");
    });
    it("reports each missing property of the only trail", async () => {
        const weak = withProps(trail(), "trail", (x) => {
            x.isMultiRegionTrail = false;
            delete x.enableLogFileValidation;
            delete x.kmsKeyId;
            delete x.cloudWatchLogsRoleArn;
        });
        assertViolations(
            await runStack(p, weak),
            1,
            "missing isMultiRegionTrail, enableLogFileValidation, kmsKeyId, cloudWatchLogsGroupArn/cloudWatchLogsRoleArn",
        );
    });
    it("accepts CloudWatch delivery switched off by config, and a trail managed elsewhere", async () => {
        const noCw = withProps(trail(), "trail", (x) => delete x.cloudWatchLogsGroupArn);
        assertOutcome(await runStack(p, noCw, { config: { requireCloudWatchDelivery: false } }), "compliant");
        assertNotApplicable(await runStack(p, stackWith("key"), { config: { managedElsewhere: true } }), "managed elsewhere");
    });
    it("needs one multi-region trail: another trail's unknown region flag doesn't matter then", async () => {
        const base = trail().find((r) => r.name === "trail")!;
        const other: TestResource = { type: T.trail, name: "other", props: { ...base.props, isMultiRegionTrail: UNKNOWN.boolean } };
        assertOutcome(await runStack(p, [...trail(), other]), "compliant");
    });
    it("reports every trail that is unencrypted, unvalidated or not sent to CloudWatch Logs, not only the account trail", async () => {
        const regional: TestResource = { type: T.trail, name: "regional", props: { s3BucketName: "x", isMultiRegionTrail: false } };
        assertViolations(
            await runStack(p, [...trail(), regional]),
            1,
            "regional (aws:cloudtrail/trail:Trail): missing enableLogFileValidation, kmsKeyId, cloudWatchLogsGroupArn/cloudWatchLogsRoleArn",
        );
    });
    it("accepts a KMS key that is unknown during a preview", async () => {
        assertOutcome(
            await runStack(
                p,
                withProps(trail(), "trail", (x) => (x.kmsKeyId = UNKNOWN.string)),
            ),
            "compliant",
        );
    });
    it("surfaces an unknown flag the way the SDK does instead of reporting the trail", async () => {
        assertUnknown(
            await runStack(
                p,
                withProps(trail(), "trail", (x) => (x.enableLogFileValidation = UNKNOWN.boolean)),
            ),
            "enableLogFileValidation",
        );
    });
});

describe("aws-cloudtrail-trail-enable-s3-data-events", () => {
    const p = cloudtrailTrailEnableS3DataEvents;
    const stack = () => stackWith("data", "trail");

    it("passes a regulated bucket covered by an advanced selector", async () => {
        assertOutcome(await runStack(p, stack()), "compliant");
    });
    it("passes classic event selectors, including the all-buckets prefix", async () => {
        const classic = withProps(stack(), "trail", (x) => {
            delete x.advancedEventSelectors;
            x.eventSelectors = [{ readWriteType: "All", includeManagementEvents: true, dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] }];
        });
        assertOutcome(await runStack(p, classic), "compliant");
    });
    it("reports a bucket not covered, and trails recording management events only (missing selectors)", async () => {
        const none = withProps(stack(), "trail", (x) => delete x.advancedEventSelectors);
        const r = await runStack(p, none);
        assertViolations(
            r,
            2,
            "data (aws:s3/bucket:Bucket): no logging trail records its S3 read and write data events",
            "trail (aws:cloudtrail/trail:Trail): records management events only",
        );
        const onlyTrail = none.filter((x) => x.type === T.trail);
        assertViolations(await runStack(p, onlyTrail), 1, "records management events only");
    });
    it("passes an advanced selector without ARN prefixes, which covers every bucket", async () => {
        const all = withProps(stack(), "trail", (x) => x.advancedEventSelectors[1].fieldSelectors.splice(2, 1));
        const other: TestResource = { type: T.bucket, name: "models", props: { bucket: "ml-models-0a1b", tags: tags({ "data-classification": "internal" }) } };
        assertOutcome(await runStack(p, [...all, other]), "compliant");
    });
    it("reports write-only coverage, and a selector for another bucket", async () => {
        const writeOnly = withProps(stack(), "trail", (x) => {
            delete x.advancedEventSelectors;
            x.eventSelectors = [{ readWriteType: "WriteOnly", dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::ml-data-0a1b/"] }] }];
        });
        assertViolations(await runStack(p, writeOnly), 1, "S3 read data events");
        const other = withProps(stack(), "trail", (x) => (x.advancedEventSelectors[1].fieldSelectors[2].startsWiths = ["arn:aws:s3:::someone-else/"]));
        assertViolations(await runStack(p, other), 1, "read and write");
    });
    it("exempts log buckets tagged with the classification they log, unless configured not to", async () => {
        const logs: TestResource = { type: T.bucket, name: "access-logs", props: { bucket: "ml-logs-0a1b", tags: tags() } };
        const logging: TestResource = {
            type: T.logging,
            name: "data-logging",
            props: { bucket: "ml-data-0a1b", targetBucket: "ml-logs-0a1b", targetPrefix: "d/" },
        };
        assertOutcome(await runStack(p, [...stack(), logs, logging]), "compliant");
        assertViolations(await runStack(p, [...stack(), logs, logging], { config: { exemptLogBuckets: false } }), 1, "access-logs (aws:s3/bucket:Bucket)");
    });
    it("ignores a trail with logging stopped", async () => {
        assertViolations(
            await runStack(
                p,
                withProps(stack(), "trail", (x) => (x.enableLogging = false)),
            ),
            1,
            "no logging trail",
        );
    });
    it("requires every bucket, tagged or not, unless scoped to regulated buckets by config", async () => {
        const other: TestResource = { type: T.bucket, name: "models", props: { bucket: "ml-models-0a1b", tags: tags({ "data-classification": "internal" }) } };
        assertViolations(await runStack(p, [...stack(), other]), 1, "models (aws:s3/bucket:Bucket): no logging trail records");
        assertOutcome(await runStack(p, [...stack(), other], { config: { regulatedOnly: true } }), "compliant");
        const none = withProps(stack(), "trail", (x) => delete x.advancedEventSelectors);
        assertViolations(await runStack(p, none, { config: { regulatedOnly: true } }), 1, "holds regulated data but no logging trail");
    });
    it("is not applicable when scoped to regulated buckets and none is tagged, or when managed elsewhere", async () => {
        const untagged = withProps(stack(), "data", (x) => (x.tags = tags({ "data-classification": "internal" })));
        assertNotApplicable(await runStack(p, untagged, { config: { regulatedOnly: true } }), "no bucket is tagged data-classification=phi|pci");
        assertNotApplicable(await runStack(p, stack(), { config: { managedElsewhere: true } }), "managed elsewhere");
    });
    it("accepts an unknown ARN prefix that depends on the bucket (preview)", async () => {
        const preview = withProps(stack(), "trail", (x) => (x.advancedEventSelectors[1].fieldSelectors[2].startsWiths = [UNKNOWN.string]));
        preview.find((r) => r.name === "trail")!.propertyDependencies = { advancedEventSelectors: ["data"] };
        assertOutcome(await runStack(p, preview), "compliant");
    });
    it("surfaces an unknown ARN prefix without dependency information the way the SDK does", async () => {
        assertUnknown(
            await runStack(
                p,
                withProps(stack(), "trail", (x) => (x.advancedEventSelectors[1].fieldSelectors[2].startsWiths = [UNKNOWN.string])),
            ),
            "startsWiths",
        );
    });
});

describe("aws-cfg-recorder-enable-configuration-recording", () => {
    const p = cfgRecorderEnableConfigurationRecording;
    const cfg = () => stackWith("recorder", "channel");

    it("passes a recorder, a delivery channel and an enabled status", async () => {
        assertOutcome(await runStack(p, cfg()), "compliant");
    });
    it("reports each missing part (missing values)", async () => {
        const r = await runStack(p, stackWith("key"));
        assertViolations(r, 3, "no AWS Config recorder.", "no AWS Config delivery channel", "no AWS Config recorder status");
    });
    it("reports a disabled status and a recorder that skips resource types", async () => {
        const weak = withProps(
            withProps(cfg(), "recorder-status", (x) => (x.isEnabled = false)),
            "recorder",
            (x) => (x.recordingGroup.allSupported = false),
        );
        assertViolations(await runStack(p, weak), 2, "isEnabled: true", "does not record all supported resource types");
    });
    it("is not applicable when Config is managed elsewhere", async () => {
        assertNotApplicable(await runStack(p, [], { config: { managedElsewhere: true } }), "managed elsewhere");
    });
    it("surfaces an unknown isEnabled the way the SDK does", async () => {
        const r = await runStack(
            p,
            withProps(cfg(), "recorder-status", (x) => (x.isEnabled = UNKNOWN.boolean)),
        );
        assert.ok(
            r.previewDiagnostics.some((d) => d.includes("isEnabled")),
            JSON.stringify(r),
        );
    });
});

describe("aws-cloudwatch-loggroup-enable-kms-encryption", () => {
    const p = cloudwatchLogGroupEnableKmsEncryption;
    it("passes a log group with a KMS key, known or computed", async () => {
        assertOutcome(await check(p, T.logGroup, { kmsKeyId: KEY_ARN }), "compliant");
        assertOutcome(await check(p, T.logGroup, { kmsKeyId: UNKNOWN.string }), "compliant");
    });
    it("reports a missing or empty key", async () => {
        assertViolations(await check(p, T.logGroup, {}), 1, "is not encrypted with a KMS key");
        assertViolations(await check(p, T.logGroup, { kmsKeyId: "" }), 1, "not encrypted");
    });
});

describe("aws-cloudwatch-loggroup-configure-retention", () => {
    const p = cloudwatchLogGroupConfigureRetention;
    it("passes 365 days and more", async () => {
        assertOutcome(await check(p, T.logGroup, { retentionInDays: 365 }), "compliant");
        assertOutcome(await check(p, T.logGroup, { retentionInDays: 3653 }), "compliant");
    });
    it("passes an explicit 0 (never expire) under any minimum", async () => {
        assertOutcome(await check(p, T.logGroup, { retentionInDays: 0 }), "compliant");
        assertOutcome(await check(p, T.logGroup, { retentionInDays: 0 }, { minimumDays: 3653 }), "compliant");
    });
    it("reports less than the minimum, which is configurable", async () => {
        assertViolations(await check(p, T.logGroup, { retentionInDays: 90 }), 1, "keeps logs 90 days; at least 365");
        assertOutcome(await check(p, T.logGroup, { retentionInDays: 90 }, { minimumDays: 90 }), "compliant");
    });
    it("reports an unset retention (never expire) unless allowed (missing value)", async () => {
        assertViolations(await check(p, T.logGroup, {}), 1, "sets no retention");
        assertOutcome(await check(p, T.logGroup, {}, { allowNeverExpire: true }), "compliant");
    });
    it("surfaces an unknown retention the way the SDK does", async () => {
        assertUnknown(await check(p, T.logGroup, { retentionInDays: UNKNOWN.number }), "retentionInDays");
    });
});
