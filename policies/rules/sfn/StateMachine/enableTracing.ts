import { getBool } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { compliant, nonCompliant } from "../../../lib/result";

/** X-Ray tracing shows which step of a training or inference workflow failed or slowed, across the services it calls. */
export const sfnStateMachineEnableTracing = resourceRule({
    name: "aws-sfn-statemachine-enable-tracing",
    description: "Step Functions state machines must enable X-Ray tracing (tracingConfiguration.enabled).",
    severity: "medium",
    topics: ["monitoring"],
    frameworks: [{ framework: "ml-baseline", controls: ["ML-OPS-1"] }],
    remediationSteps:
        "Set `tracingConfiguration: { enabled: true }` on the aws.sfn.StateMachine and allow its role `xray:PutTraceSegments`, " +
        "`xray:PutTelemetryRecords`, `xray:GetSamplingRules` and `xray:GetSamplingTargets`.",
    resourceTypes: ["aws:sfn/stateMachine:StateMachine"],
    check: (props, ctx) => {
        const enabled = getBool(props, "tracingConfiguration", "enabled");
        return enabled === true
            ? compliant()
            : nonCompliant(`State machine "${ctx.name}" has tracingConfiguration.enabled ${enabled === false ? "false" : "not set (default false)"}.`);
    },
});
