import { requireValue } from "../../../lib/checks";
import { resourceRule } from "../../../lib/define";
import { NETWORK_ISOLATION_CONTROLS } from "../../../lib/frameworks";

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
    frameworks: NETWORK_ISOLATION_CONTROLS,
    remediationSteps:
        "Set `enableNetworkIsolation: true` on the aws.sagemaker.Model. Package everything the container needs in the image or " +
        "the model artifact; it can no longer download at start-up.",
    resourceTypes: ["aws:sagemaker/model:Model"],
    check: (props, ctx) => requireValue(props, "enableNetworkIsolation", true, `Model "${ctx.name}"`, "false"),
});
