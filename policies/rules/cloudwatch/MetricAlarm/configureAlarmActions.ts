import { getBool, probe } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { Findings } from "../../../lib/result";

/**
 * An alarm nobody hears detects nothing: it must be enabled to act and send
 * its ALARM state somewhere (an SNS topic, an incident tool, an automated
 * response).
 */
export const cloudwatchMetricAlarmConfigureAlarmActions = resourceRule({
    name: "aws-cloudwatch-metricalarm-configure-alarm-actions",
    description: "CloudWatch metric alarms must have actions enabled and at least one alarm action.",
    severity: "medium",
    topics: ["monitoring"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(b)"] },
        { framework: "pci-dss", controls: ["10.7.2"] },
        { framework: "ml-baseline", controls: ["ML-OPS-1"] },
    ],
    remediationSteps:
        "Set `alarmActions` on the aws.cloudwatch.MetricAlarm to the platform's encrypted alerting SNS topic (or another action " +
        "ARN) and leave `actionsEnabled` at its default true.",
    resourceTypes: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
    check: (props, ctx) => {
        const findings = new Findings();
        ctx.attempt(() => {
            if (getBool(props, "actionsEnabled") === false) {
                findings.add(`Alarm "${ctx.name}" has actionsEnabled false; it would change state without notifying anyone.`);
            }
        }, "actionsEnabled");
        // An unknown list (or entry) is an action ARN another resource will supply; only the count is read.
        const actions = probe(props, "alarmActions");
        if (actions.state === "missing" || (actions.state === "known" && Array.isArray(actions.value) && actions.value.length === 0)) {
            findings.add(`Alarm "${ctx.name}" has no alarmActions; nothing would be notified when it fires.`);
        }
        return findings.result();
    },
});
