import type { PolicyResource } from "@pulumi/policy";
import { probe } from "../../../lib/access";
import { stackRule } from "../../../lib/define";
import { JobSpec, propsSpec } from "../jobs";
import { emptyList, notTrue } from "../settings";
import { checkStackTransformJobs, TRANSFORM_RESOURCE_TYPES } from "../transform";

export const MODEL_TYPE = "aws:sagemaker/model:Model";

/** How a model (a CreateModel request or an aws.sagemaker.Model) falls short of VPC and isolation. */
function modelProblems(model: JobSpec): string[] {
    const problems: string[] = [];
    if (model.read("VpcConfig").kind === "missing") {
        problems.push("VpcConfig is not set; the model's containers would run outside the platform VPC");
    } else {
        for (const p of [
            emptyList(model.read("VpcConfig", "Subnets"), "VpcConfig.Subnets"),
            emptyList(model.read("VpcConfig", "SecurityGroupIds"), "VpcConfig.SecurityGroupIds"),
        ]) {
            if (p) {
                problems.push(p);
            }
        }
    }
    const isolation = notTrue(model.read("EnableNetworkIsolation"), "EnableNetworkIsolation");
    if (isolation) {
        problems.push(isolation);
    }
    return problems;
}

/**
 * The stack's models called `name`. A model whose name is unknown (during a
 * preview) may be it: that is undecidable, so its unknown is thrown when no
 * known name matches.
 */
function stackModelsNamed(models: readonly PolicyResource[], name: string): PolicyResource[] {
    const named = models.filter((m) => {
        const n = probe(m.props, "name");
        return n.state === "known" && n.value === name;
    });
    if (named.length === 0) {
        for (const m of models) {
            const n = probe(m.props, "name");
            if (n.state === "unknown") {
                throw n.error;
            }
        }
    }
    return named;
}

const HOW_TO_TRACE =
    "create the model in the same definition (a sagemaker:createModel Task with the same ModelName, or a pipeline Model step " +
    'whose name the job reads with {"Get": "Steps.<step>.ModelName"}) or use the literal name of an aws.sagemaker.Model of the stack';

/**
 * A transform job runs its model's containers over every input record. The
 * job itself has no network settings: the model's decide. The model must run
 * in the platform VPC (subnets and security groups) with network isolation,
 * so a container cannot send the records anywhere. The rule follows the
 * job's ModelName to the model: a CreateModel Task or Model step of the same
 * definition, or an aws.sagemaker.Model of the stack. A model it cannot
 * trace is reported, since its settings are unknown.
 */
export const sagemakerTransformJobEnforceVpcIsolatedModel = stackRule({
    name: "aws-sagemaker-transformjob-enforce-vpc-isolated-model",
    description:
        "SageMaker batch transform jobs must run a model created in the same definition or declared in the stack, with VpcConfig (subnets and security groups) and EnableNetworkIsolation true.",
    severity: "high",
    topics: ["network", "ml"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(e)(1)"] },
        { framework: "pci-dss", controls: ["1.3.1", "1.3.2", "1.4.4", "4.2.1"] },
        { framework: "ml-baseline", controls: ["ML-NET-1", "ML-NET-2"] },
    ],
    remediationSteps:
        "Create the job's model where the rule can see it: a `sagemaker:createModel` Task in the same state machine whose " +
        "`ModelName` is the same literal or expression as the transform Task's, a pipeline `Model` step the Transform step reads " +
        'with `{"Get": "Steps.<step>.ModelName"}`, or an aws.sagemaker.Model of the stack named literally. Give the model ' +
        "`VpcConfig: { Subnets, SecurityGroupIds }` (the isolated ML subnets and security group) and `EnableNetworkIsolation: true`.",
    appliesTo: TRANSFORM_RESOURCE_TYPES,
    check: (stack, ctx) => {
        const stackModels = stack.ofType(MODEL_TYPE);
        return checkStackTransformJobs(stack, ctx, (job, report) => {
            const trace = job.model();
            let models: JobSpec[];
            switch (trace.state) {
                case "untraceable":
                    report(`${trace.reason}, so the model's VPC and isolation cannot be checked; ${HOW_TO_TRACE}`);
                    return;
                case "created":
                    models = trace.models;
                    break;
                case "named": {
                    const found = stackModelsNamed(stackModels, trace.name);
                    if (found.length === 0) {
                        report(
                            `model "${trace.name}" is neither created in this definition nor an aws.sagemaker.Model of the stack, ` +
                                `so its VPC and isolation cannot be checked; ${HOW_TO_TRACE}`,
                        );
                        return;
                    }
                    models = found.map((m) => propsSpec(m.props, `aws.sagemaker.Model "${m.name}"`));
                    break;
                }
            }
            for (const model of models) {
                for (const problem of modelProblems(model)) {
                    report(`its model (${model.where}): ${problem}`);
                }
            }
        });
    },
});
