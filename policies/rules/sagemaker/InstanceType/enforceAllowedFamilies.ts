import { getString } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { CheckResult, Findings } from "../../../lib/result";
import { INFERENCE_FAMILIES, NOTEBOOK_FAMILIES, TRAINING_FAMILIES } from "@ml-platform/components/lib/instanceTypes";
import { familiesProperty, familyProblem } from "../instanceFamilies";
import { variantsOf } from "../variants";
import { describe, staticString } from "../settings";
import { checkTrainingJobs, TRAINING_RESOURCE_TYPES, trainingInstanceTypes } from "../training";

export interface AllowedFamiliesConfig {
    trainingFamilies: string[];
    inferenceFamilies: string[];
    notebookFamilies: string[];
}

const ENDPOINT_CONFIGURATION_TYPE = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
const NOTEBOOK_INSTANCE_TYPE = "aws:sagemaker/notebookInstance:NotebookInstance";

/**
 * ML instances are the platform's largest cost. Workloads run on families the
 * platform has sized, priced and tested, Trainium (trn1/trn2) for training and
 * Inferentia (inf2) for inference first, GPU and CPU families after them.
 * Defaults come from `components/lib/instanceTypes.ts`, the list the
 * components validate against, so a component default never trips the rule.
 */
export const sagemakerInstanceTypeEnforceAllowedFamilies = resourceRule<AllowedFamiliesConfig>({
    name: "aws-sagemaker-instancetype-enforce-allowed-families",
    description: "SageMaker training jobs, endpoint configurations and notebook instances must use allow-listed instance families (Trainium/Inferentia first).",
    severity: "medium",
    topics: ["cost", "ml"],
    frameworks: [{ framework: "ml-baseline", controls: ["ML-COST-2"] }],
    remediationSteps:
        "Pick an instance type of an allowed family: for training trn1/trn2 (Neuron SDK) before p4d/p5/g5 GPUs, for endpoints " +
        "inf2 before g5, for notebooks t3/m5. To allow another family, add it to the policy config (trainingFamilies, " +
        "inferenceFamilies, notebookFamilies) for the environment, with a cost review.",
    configSchema: schema({
        trainingFamilies: familiesProperty("Instance families allowed for training jobs, most preferred first.", TRAINING_FAMILIES),
        inferenceFamilies: familiesProperty("Instance families allowed for endpoint variants, most preferred first.", INFERENCE_FAMILIES),
        notebookFamilies: familiesProperty("Instance families allowed for notebook instances, most preferred first.", NOTEBOOK_FAMILIES),
    }),
    resourceTypes: [...TRAINING_RESOURCE_TYPES, ENDPOINT_CONFIGURATION_TYPE, NOTEBOOK_INSTANCE_TYPE],
    check: (props, ctx): CheckResult => {
        const { trainingFamilies, inferenceFamilies, notebookFamilies } = ctx.config;
        if (ctx.type === NOTEBOOK_INSTANCE_TYPE) {
            const findings = new Findings();
            const type = getString(props, "instanceType");
            const problem = type === undefined ? "instanceType is not set" : familyProblem(type, notebookFamilies, "notebook");
            if (problem) {
                findings.add(`Notebook instance "${ctx.name}": ${problem}.`);
            }
            return findings.result();
        }
        if (ctx.type === ENDPOINT_CONFIGURATION_TYPE) {
            const findings = new Findings();
            for (const variant of ctx.attempt(() => variantsOf(props), "productionVariants") ?? []) {
                ctx.attempt(() => {
                    const type = variant.instanceType();
                    // Serverless variants have no instance type and nothing to allow-list.
                    const problem = type === undefined ? undefined : familyProblem(type, inferenceFamilies, "inference");
                    if (problem) {
                        findings.add(`Endpoint configuration "${ctx.name}" ${variant.label}: ${problem}.`);
                    }
                }, `${variant.label}.instanceType`);
            }
            return findings.result();
        }
        return checkTrainingJobs(props, ctx, (job, report) => {
            for (const setting of trainingInstanceTypes(job)) {
                const type = staticString(setting);
                const problem =
                    type === undefined
                        ? `the instance type is ${describe(setting)} and cannot be checked against the allow-list`
                        : familyProblem(type, trainingFamilies, "training");
                if (problem) {
                    report(problem);
                }
            }
        });
    },
});
