import { getArray, getString, probe } from "../../../lib/access";
import { ENVIRONMENT_PROPERTY, Environment, schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { Findings, notApplicable } from "../../../lib/result";

/**
 * A prod endpoint update shifts traffic to a new fleet (blue/green) and rolls
 * back by itself when a CloudWatch alarm fires during the baking period, so a
 * bad model version never takes all traffic for longer than it takes an alarm
 * to trip. Outside prod the rule does not apply.
 */
export const sagemakerEndpointConfigureBlueGreenRollback = resourceRule<{ environment: Environment }>({
    name: "aws-sagemaker-endpoint-configure-blue-green-rollback",
    description:
        "In prod, SageMaker endpoints must deploy blue/green (deploymentConfig.blueGreenUpdatePolicy) with automatic rollback on CloudWatch alarms (autoRollbackConfiguration.alarms).",
    severity: "high",
    topics: ["resilience", "ml"],
    frameworks: [{ framework: "ml-baseline", controls: ["ML-REL-1"] }],
    remediationSteps:
        "Set `deploymentConfig` on the aws.sagemaker.Endpoint: `blueGreenUpdatePolicy` with a `trafficRoutingConfiguration` " +
        "(CANARY or LINEAR for gradual shifts) and a `terminationWaitInSeconds` baking period, and " +
        "`autoRollbackConfiguration.alarms: [{ alarmName }]` naming alarms on the endpoint's errors and latency.",
    configSchema: schema({ environment: ENVIRONMENT_PROPERTY }),
    resourceTypes: ["aws:sagemaker/endpoint:Endpoint"],
    check: (props, ctx) => {
        if (ctx.config.environment !== "prod") {
            return notApplicable(`Blue/green deployment is required only in prod (environment is ${ctx.config.environment})`);
        }
        const findings = new Findings();
        const where = `Endpoint "${ctx.name}"`;
        if (probe(props, "deploymentConfig").state === "missing") {
            findings.add(`${where} has no deploymentConfig; updates would replace the fleet at once with no automatic rollback.`);
            return findings.result();
        }
        if (probe(props, "deploymentConfig", "blueGreenUpdatePolicy").state === "missing") {
            findings.add(`${where} has no deploymentConfig.blueGreenUpdatePolicy.`);
        }
        ctx.attempt(() => {
            const named = getArray(props, "deploymentConfig", "autoRollbackConfiguration", "alarms").filter((a) => {
                const p = probe(a, "alarmName");
                if (p.state === "unknown") {
                    throw p.error;
                }
                return getString(a, "alarmName") !== undefined && getString(a, "alarmName") !== "";
            });
            if (named.length === 0) {
                findings.add(`${where} has no deploymentConfig.autoRollbackConfiguration.alarms; a failing deployment would not roll back.`);
            }
        }, "deploymentConfig.autoRollbackConfiguration.alarms");
        return findings.result();
    },
});
