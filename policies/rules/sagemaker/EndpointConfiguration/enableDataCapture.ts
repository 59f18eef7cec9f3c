import { getArray, getBool, getNumber, probe } from "../../../lib/access";
import { ENVIRONMENT_PROPERTY, Environment, schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { Findings, notApplicable } from "../../../lib/result";

/**
 * In prod, endpoints capture a sample of requests and responses to S3 so that
 * Model Monitor can detect data and quality drift and a prediction can be
 * traced back to its input. Outside prod the rule does not apply.
 */
export const sagemakerEndpointConfigurationEnableDataCapture = resourceRule<{ environment: Environment }>({
    name: "aws-sagemaker-endpointconfiguration-enable-data-capture",
    description: "In prod, SageMaker endpoint configurations must enable data capture (capture options set, sampling above 0%).",
    severity: "high",
    topics: ["monitoring", "ml"],
    frameworks: [{ framework: "ml-baseline", controls: ["ML-LOG-1"] }],
    remediationSteps:
        "Set `dataCaptureConfig` on the aws.sagemaker.EndpointConfiguration: `enableCapture: true`, `initialSamplingPercentage` " +
        'above 0, `captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }]`, `destinationS3Uri` in the encrypted ' +
        "monitoring bucket and `kmsKeyId` the platform ML key.",
    configSchema: schema({ environment: ENVIRONMENT_PROPERTY }),
    resourceTypes: ["aws:sagemaker/endpointConfiguration:EndpointConfiguration"],
    check: (props, ctx) => {
        if (ctx.config.environment !== "prod") {
            return notApplicable(`Data capture is required only in prod (environment is ${ctx.config.environment})`);
        }
        const findings = new Findings();
        const where = `Endpoint configuration "${ctx.name}"`;
        if (probe(props, "dataCaptureConfig").state === "missing") {
            findings.add(`${where} has no dataCaptureConfig.`);
            return findings.result();
        }
        ctx.attempt(() => {
            if (getBool(props, "dataCaptureConfig", "enableCapture") === false) {
                findings.add(`${where} has dataCaptureConfig.enableCapture false.`);
            }
        }, "dataCaptureConfig.enableCapture");
        ctx.attempt(() => {
            const pct = getNumber(props, "dataCaptureConfig", "initialSamplingPercentage");
            if (pct === undefined || pct <= 0) {
                findings.add(
                    `${where} samples ${pct === undefined ? "no" : `${pct}%`} of requests; dataCaptureConfig.initialSamplingPercentage must be above 0.`,
                );
            }
        }, "dataCaptureConfig.initialSamplingPercentage");
        ctx.attempt(() => {
            if (getArray(props, "dataCaptureConfig", "captureOptions").length === 0) {
                findings.add(`${where} has no dataCaptureConfig.captureOptions.`);
            }
        }, "dataCaptureConfig.captureOptions");
        return findings.result();
    },
});
