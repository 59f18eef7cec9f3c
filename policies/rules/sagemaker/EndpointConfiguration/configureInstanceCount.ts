import { getArray, getNumber, probe } from "../../../lib/access";
import { ENVIRONMENT_PROPERTY, Environment, schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { Findings, notApplicable } from "../../../lib/result";

interface Config {
    environment: Environment;
    minimumInstances: number;
}

/**
 * A prod endpoint on one instance is down whenever that instance or its
 * Availability Zone is; SageMaker spreads two or more instances across zones.
 * Every instance-backed production variant of a prod endpoint configuration
 * starts with at least two instances (Config's
 * sagemaker-endpoint-config-prod-instance-count). Serverless variants have no
 * instance count and are skipped. Narrower than Config, which checks every
 * endpoint configuration: dev and staging run one instance to save cost.
 */
export const sagemakerEndpointConfigurationConfigureInstanceCount = resourceRule<Config>({
    name: "aws-sagemaker-endpointconfiguration-configure-instance-count",
    description: "In prod, the instance-backed production variants of SageMaker endpoint configurations must start with at least 2 instances.",
    severity: "medium",
    topics: ["resilience", "ml"],
    frameworks: [{ framework: "ml-baseline", controls: ["ML-REL-1"] }],
    remediationSteps:
        "Set `initialInstanceCount` of each production variant to 2 or more (InferenceEndpoint's `minInstances`; the prod stack config " +
        "`inferenceMinInstances`), so the endpoint survives the loss of an instance or an Availability Zone.",
    configSchema: schema({
        environment: ENVIRONMENT_PROPERTY,
        minimumInstances: { type: "integer", minimum: 1, default: 2, description: "Minimum initial instance count of a production variant." },
    }),
    resourceTypes: ["aws:sagemaker/endpointConfiguration:EndpointConfiguration"],
    check: (props, ctx) => {
        if (ctx.config.environment !== "prod") {
            return notApplicable(`The instance count is required only in prod (environment is ${ctx.config.environment})`);
        }
        const f = new Findings();
        const variants = getArray(props, "productionVariants");
        if (variants.length === 0) {
            return notApplicable("The endpoint configuration has no production variants");
        }
        variants.forEach((_, i) => {
            ctx.attempt(() => {
                if (probe(props, "productionVariants", i, "serverlessConfig").state === "known") {
                    return;
                }
                const count = getNumber(props, "productionVariants", i, "initialInstanceCount");
                if (count === undefined || count < ctx.config.minimumInstances) {
                    f.add(
                        `Endpoint configuration "${ctx.name}" productionVariants[${i}] starts with ${count ?? "no"} instance(s); at least ${ctx.config.minimumInstances} are required in prod.`,
                    );
                }
            }, `productionVariants[${i}]`);
        });
        return f.result();
    },
});
