import type { PolicyResource } from "@pulumi/policy";
import { getString, isSet, probe } from "../../../lib/access";
import { findingFor, stackRule } from "../../../lib/define";
import { AUDIT_LOGGING_CONTROLS } from "../../../lib/frameworks";
import { Findings } from "../../../lib/result";
import { dependenciesOf, knownStrings } from "../../../lib/stack";
import { STATE_MACHINE_TYPE } from "../definition";

export { STATE_MACHINE_TYPE };

export const LOG_GROUP_TYPE = "aws:cloudwatch/logGroup:LogGroup";

/** `arn:…:log-group:name:*` (the form Step Functions takes) → `arn:…:log-group:name`. */
export function logGroupArnFromDestination(destination: string): string {
    return destination.replace(/:\*$/, "");
}

function logGroupIdentity(group: PolicyResource): string[] {
    return knownStrings(group.props, ["arn"], ["name"]).map(logGroupArnFromDestination);
}

/**
 * Workflows orchestrating ML pipelines carry dataset locations, record ids and
 * sometimes records in their state. Logging every event (level ALL) is the
 * audit trail of what ran on which data; the log group receiving it holds
 * that state, so when it is in the stack it must be KMS-encrypted. A
 * destination outside the stack is accepted as such (its own stack's log
 * group rules check it).
 */
export const sfnStateMachineConfigureLogging = stackRule({
    name: "aws-sfn-statemachine-configure-logging",
    description: "Step Functions state machines must log at level ALL to a CloudWatch log group, and that log group, when in the stack, must be KMS-encrypted.",
    severity: "high",
    topics: ["logging"],
    frameworks: AUDIT_LOGGING_CONTROLS,
    remediationSteps:
        'Set `loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: `${logGroup.arn}:*` }` on the ' +
        "aws.sfn.StateMachine, with an aws.cloudwatch.LogGroup that has `kmsKeyId` (the platform logs key) and a retention of at " +
        "least 365 days. The state machine's role needs the CloudWatch Logs delivery permissions.",
    appliesTo: [STATE_MACHINE_TYPE],
    check: (stack, ctx) => {
        const groups = stack.ofType(LOG_GROUP_TYPE);
        const findings = new Findings();
        for (const machine of stack.ofType(STATE_MACHINE_TYPE)) {
            const report = (m: string) => {
                findings.add(findingFor(machine, m));
            };
            ctx.attempt(() => {
                const level = getString(machine.props, "loggingConfiguration", "level");
                if (level !== "ALL") {
                    report(`loggingConfiguration.level is ${level === undefined ? "not set (default OFF)" : `"${level}"`}; it must be ALL.`);
                }
            }, `${machine.name}.loggingConfiguration.level`);
            if (!isSet(machine.props, "loggingConfiguration", "logDestination")) {
                report("loggingConfiguration.logDestination is not set; executions would not be logged anywhere.");
                continue;
            }
            const dest = probe(machine.props, "loggingConfiguration", "logDestination");
            let targets: PolicyResource[] = [];
            if (dest.state === "known" && typeof dest.value === "string") {
                const arn = logGroupArnFromDestination(dest.value);
                targets = groups.filter((g) => logGroupIdentity(g).includes(arn));
            }
            if (targets.length === 0) {
                targets = dependenciesOf(machine, "loggingConfiguration").filter((d) => d.type === LOG_GROUP_TYPE);
            }
            if (targets.length === 0 && dest.state === "unknown") {
                ctx.park(dest.error, `${machine.name}.loggingConfiguration.logDestination`);
                continue;
            }
            for (const group of targets) {
                if (!isSet(group.props, "kmsKeyId")) {
                    report(`logs to log group "${group.name}", which has no kmsKeyId; execution data would be stored without the customer-managed key.`);
                }
            }
        }
        return findings.result();
    },
});
