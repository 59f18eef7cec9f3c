/** CloudWatch metric alarm rule: alarms must act. */
import type * as aws from "@pulumi/aws";
import { cloudwatchMetricAlarmConfigureAlarmActions } from "../../policies/rules/cloudwatch/MetricAlarm/configureAlarmActions";
import { UNKNOWN } from "./harness";
import { ACCOUNT, Props, withValue, without } from "./sagemakerFixtures";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check } from "./sagemakerTesting";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

function alarmProps(): Props<aws.cloudwatch.MetricAlarmArgs> {
    return {
        comparisonOperator: "GreaterThanThreshold",
        evaluationPeriods: 2,
        metricName: "Invocation5XXErrors",
        namespace: "AWS/SageMaker",
        period: 60,
        statistic: "Sum",
        threshold: 5,
        dimensions: { EndpointName: "fraud", VariantName: "primary" },
        alarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:ml-alerts`],
    };
}

describe("aws-cloudwatch-metricalarm-configure-alarm-actions", () => {
    const policy = cloudwatchMetricAlarmConfigureAlarmActions;

    it("passes an alarm with an action, known or computed", async () => {
        assertOutcome(await check(policy, ALARM, alarmProps()), "compliant");
        assertOutcome(await check(policy, ALARM, withValue(alarmProps(), ["alarmActions", 0], UNKNOWN.string)), "compliant");
    });

    it("reports disabled actions, and missing or empty alarm actions", async () => {
        assertViolations(await check(policy, ALARM, withValue(alarmProps(), ["actionsEnabled"], false)), 1, "actionsEnabled false");
        assertViolations(await check(policy, ALARM, without(alarmProps(), ["alarmActions"])), 1, "has no alarmActions");
        assertViolations(await check(policy, ALARM, withValue(alarmProps(), ["alarmActions"], [])), 1, "has no alarmActions");
    });

    it("surfaces an unknown actionsEnabled as the SDK does", async () => {
        assertUnknown(await check(policy, ALARM, withValue(alarmProps(), ["actionsEnabled"], UNKNOWN.boolean)), "actionsEnabled");
    });

    it("is not applicable to composite alarms", async () => {
        assertNotApplicable(await check(policy, "aws:cloudwatch/compositeAlarm:CompositeAlarm", alarmProps()), "only applies");
    });
});
