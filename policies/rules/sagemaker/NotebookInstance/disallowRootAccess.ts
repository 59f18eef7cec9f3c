import { requireValue } from "../../../lib/checks";
import { resourceRule } from "../../../lib/define";

/**
 * Root on a notebook instance lets its user change the instance's network
 * settings, install agents, read other processes' credentials and undo the
 * lifecycle configuration's hardening. Lifecycle configurations still run as
 * root when root access is disabled.
 */
export const sagemakerNotebookInstanceDisallowRootAccess = resourceRule({
    name: "aws-sagemaker-notebookinstance-disallow-root-access",
    description: "SageMaker notebook instances must set rootAccess to Disabled.",
    severity: "high",
    topics: ["access", "ml"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)"] },
        { framework: "pci-dss", controls: ["2.2.6", "7.2.2"] },
        { framework: "ml-baseline", controls: ["ML-IAM-1"] },
    ],
    remediationSteps:
        'Set `rootAccess: "Disabled"` on the aws.sagemaker.NotebookInstance. Install system packages in a lifecycle ' +
        "configuration (it still runs as root) or in a custom image.",
    resourceTypes: ["aws:sagemaker/notebookInstance:NotebookInstance"],
    check: (props, ctx) => requireValue(props, "rootAccess", "Disabled", `Notebook instance "${ctx.name}"`, "Enabled"),
});
