import { requireValue } from "../../../lib/checks";
import { resourceRule } from "../../../lib/define";

/**
 * A notebook instance with direct internet access (the default) has a
 * SageMaker-managed network interface with a route to the internet, so
 * anything in the notebook (PHI included) can be sent anywhere.
 */
export const sagemakerNotebookInstanceDisallowDirectInternetAccess = resourceRule({
    name: "aws-sagemaker-notebookinstance-disallow-direct-internet-access",
    description: "SageMaker notebook instances must set directInternetAccess to Disabled.",
    severity: "high",
    topics: ["network", "ml"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(e)(1)"] },
        { framework: "pci-dss", controls: ["1.3.2", "1.4.4"] },
        { framework: "ml-baseline", controls: ["ML-NET-1"] },
    ],
    remediationSteps:
        'Set `directInternetAccess: "Disabled"` on the aws.sagemaker.NotebookInstance together with `subnetId` (a private ' +
        "subnet) and `securityGroups`; reach AWS services through the VPC endpoints and packages through a private mirror " +
        "(CodeArtifact). Prefer a VpcOnly Studio domain for new work.",
    resourceTypes: ["aws:sagemaker/notebookInstance:NotebookInstance"],
    check: (props, ctx) => requireValue(props, "directInternetAccess", "Disabled", `Notebook instance "${ctx.name}"`, "Enabled"),
});
