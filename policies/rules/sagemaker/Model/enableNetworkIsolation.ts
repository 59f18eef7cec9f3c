import { getBool } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { compliant, nonCompliant } from "../../../lib/result";

/**
 * A network-isolated model container cannot make outbound calls, so model
 * code (often third-party) cannot send inference payloads, which carry ePHI
 * or card data, anywhere. SageMaker still delivers requests to it.
 */
export const sagemakerModelEnableNetworkIsolation = resourceRule({
    name: "aws-sagemaker-model-enable-network-isolation",
    description: "SageMaker models must set enableNetworkIsolation to true.",
    severity: "high",
    topics: ["network", "ml"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(e)(1)"] },
        { framework: "pci-dss", controls: ["1.3.2", "1.4.4"] },
        { framework: "ml-baseline", controls: ["ML-NET-2"] },
    ],
    remediationSteps:
        "Set `enableNetworkIsolation: true` on the aws.sagemaker.Model. Package everything the container needs in the image or " +
        "the model artifact; it can no longer download at start-up.",
    resourceTypes: ["aws:sagemaker/model:Model"],
    check: (props, ctx) => {
        const isolation = getBool(props, "enableNetworkIsolation");
        return isolation === true
            ? compliant()
            : nonCompliant(`Model "${ctx.name}" has enableNetworkIsolation ${isolation === false ? "false" : "unset (default false)"}; it must be true.`);
    },
});
