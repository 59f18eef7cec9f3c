/** Step Functions rules: logging ALL to an encrypted log group, tracing, and a customer-managed key. */
import type * as aws from "@pulumi/aws";
import * as assert from "assert";
import { sfnStateMachineConfigureKmsKey } from "../../policies/rules/sfn/StateMachine/configureKmsKey";
import { sfnStateMachineConfigureLogging } from "../../policies/rules/sfn/StateMachine/configureLogging";
import { sfnStateMachineEnableTracing } from "../../policies/rules/sfn/StateMachine/enableTracing";
import { TestResource, UNKNOWN, urnOf } from "./harness";
import { ACCOUNT, KEY_ARN, Props, ROLE_ARN, withValue, without } from "./sagemakerFixtures";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check, checkStack } from "./sagemakerTesting";

const STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const GROUP_NAME = "/aws/vendedlogs/states/training";
const GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP_NAME}`;

function machineProps(): Props<aws.sfn.StateMachineArgs> {
    return {
        roleArn: ROLE_ARN,
        definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }),
        loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: `${GROUP_ARN}:*` },
        tracingConfiguration: { enabled: true },
        encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: KEY_ARN, kmsDataKeyReusePeriodSeconds: 300 },
    };
}

/** A log group as stack policies see it: its inputs plus the `arn` output. */
function logGroup(props: Partial<Props<aws.cloudwatch.LogGroupArgs>> & { arn?: string } = {}): TestResource {
    return { type: LOG_GROUP, name: "training-logs", props: { name: GROUP_NAME, arn: GROUP_ARN, kmsKeyId: KEY_ARN, retentionInDays: 365, ...props } };
}

const machine = (props: object, deps?: Record<string, string[]>): TestResource => ({
    type: STATE_MACHINE,
    name: "training",
    props: props as Record<string, unknown>,
    ...(deps ? { propertyDependencies: deps } : {}),
});

describe("aws-sfn-statemachine-configure-logging", () => {
    const policy = sfnStateMachineConfigureLogging;

    it("passes ALL-level logging to an encrypted log group of the stack, or to one outside it", async () => {
        assertOutcome(await checkStack(policy, [machine(machineProps()), logGroup()]), "compliant");
        assertOutcome(await checkStack(policy, [machine(machineProps())]), "compliant");
    });

    it("reports a lower level, and a missing level (OFF by default)", async () => {
        const r = await checkStack(policy, [machine(withValue(machineProps(), ["loggingConfiguration", "level"], "ERROR")), logGroup()]);
        assertViolations(r, 1, 'loggingConfiguration.level is "ERROR"');
        assert.strictEqual(r.violations[0].urn, urnOf(STATE_MACHINE, "training"));
        assertViolations(
            await checkStack(policy, [machine(without(machineProps(), ["loggingConfiguration"]))]),
            2,
            "not set (default OFF)",
            "logDestination is not set",
        );
    });

    it("reports an unencrypted log group, joined by ARN or by dependency while the ARN is unknown", async () => {
        assertViolations(
            await checkStack(policy, [machine(machineProps()), logGroup({ kmsKeyId: "" })]),
            1,
            'log group "training-logs", which has no kmsKeyId',
        );
        const previewed = machine(withValue(machineProps(), ["loggingConfiguration", "logDestination"], UNKNOWN.string), {
            loggingConfiguration: ["training-logs"],
        });
        assertViolations(await checkStack(policy, [previewed, logGroup({ kmsKeyId: undefined, arn: UNKNOWN.string })]), 1, "has no kmsKeyId");
    });

    it("surfaces an unknown destination it cannot join as the SDK does", async () => {
        assertUnknown(
            await checkStack(policy, [machine(withValue(machineProps(), ["loggingConfiguration", "logDestination"], UNKNOWN.string)), logGroup()]),
            "logDestination",
        );
    });

    it("is not applicable without state machines", async () => {
        assertNotApplicable(await checkStack(policy, [logGroup()]), "Policy only applies");
    });
});

describe("aws-sfn-statemachine-enable-tracing", () => {
    const policy = sfnStateMachineEnableTracing;

    it("passes a traced state machine", async () => {
        assertOutcome(await check(policy, STATE_MACHINE, machineProps()), "compliant");
    });

    it("reports tracing off or missing", async () => {
        assertViolations(await check(policy, STATE_MACHINE, withValue(machineProps(), ["tracingConfiguration", "enabled"], false)), 1, "enabled false");
        assertViolations(await check(policy, STATE_MACHINE, without(machineProps(), ["tracingConfiguration"])), 1, "not set (default false)");
    });

    it("surfaces an unknown flag as the SDK does", async () => {
        assertUnknown(await check(policy, STATE_MACHINE, withValue(machineProps(), ["tracingConfiguration", "enabled"], UNKNOWN.boolean)), "enabled");
    });
});

describe("aws-sfn-statemachine-configure-kms-key", () => {
    const policy = sfnStateMachineConfigureKmsKey;

    it("passes a customer-managed key, known or computed", async () => {
        assertOutcome(await check(policy, STATE_MACHINE, machineProps()), "compliant");
        assertOutcome(await check(policy, STATE_MACHINE, withValue(machineProps(), ["encryptionConfiguration", "kmsKeyId"], UNKNOWN.string)), "compliant");
    });

    it("reports the AWS-owned key, set or by default, and a missing key id", async () => {
        assertViolations(
            await check(policy, STATE_MACHINE, withValue(machineProps(), ["encryptionConfiguration", "type"], "AWS_OWNED_KEY")),
            1,
            '"AWS_OWNED_KEY"',
        );
        assertViolations(await check(policy, STATE_MACHINE, without(machineProps(), ["encryptionConfiguration"])), 1, "not set (AWS-owned key)");
        assertViolations(
            await check(policy, STATE_MACHINE, without(machineProps(), ["encryptionConfiguration", "kmsKeyId"])),
            1,
            "no encryptionConfiguration.kmsKeyId",
        );
    });

    it("surfaces an unknown type as the SDK does", async () => {
        assertUnknown(await check(policy, STATE_MACHINE, withValue(machineProps(), ["encryptionConfiguration", "type"], UNKNOWN.string)), "type");
    });
});
