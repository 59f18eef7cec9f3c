import { INFERENCE_FAMILIES } from "@ml-platform/components/lib/instanceTypes";
import { schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { familiesProperty, familyProblem } from "../instanceFamilies";
import { describe, staticString } from "../settings";
import { checkTransformJobs, TRANSFORM_RESOURCE_TYPES } from "../transform";

export interface TransformFamiliesConfig {
    inferenceFamilies: string[];
}

/**
 * Batch transform runs inference, so it runs on the families the platform
 * has sized and priced for inference, Inferentia (inf2) first. The default
 * list is the endpoints' (`INFERENCE_FAMILIES` in
 * `components/lib/instanceTypes.ts`), which the batch inference component
 * validates against.
 */
export const sagemakerTransformJobEnforceAllowedFamilies = resourceRule<TransformFamiliesConfig>({
    name: "aws-sagemaker-transformjob-enforce-allowed-families",
    description: "SageMaker batch transform jobs must run on allow-listed inference instance families (TransformResources.InstanceType; Inferentia first).",
    severity: "medium",
    topics: ["cost", "ml"],
    frameworks: [
        { framework: "pci-dss", controls: ["2.2.1"] },
        { framework: "ml-baseline", controls: ["ML-COST-2"] },
    ],
    remediationSteps:
        "Set `TransformResources.InstanceType` to a literal type of an allowed family (inf2 before g5, then m5/c5 for small CPU " +
        "models), or a pipeline parameter whose default is one. To allow another family, add it to this policy's " +
        "`inferenceFamilies` config for the environment, with a cost review.",
    configSchema: schema({
        inferenceFamilies: familiesProperty("Instance families allowed for batch transform jobs, most preferred first.", INFERENCE_FAMILIES),
    }),
    resourceTypes: TRANSFORM_RESOURCE_TYPES,
    check: (props, ctx) =>
        checkTransformJobs(props, ctx, (job, report) => {
            const setting = job.read("TransformResources", "InstanceType");
            const type = staticString(setting);
            const problem =
                type === undefined
                    ? `TransformResources.InstanceType is ${describe(setting)} and cannot be checked against the allow-list`
                    : familyProblem(type, ctx.config.inferenceFamilies, "inference");
            if (problem) {
                report(problem);
            }
        }),
});
