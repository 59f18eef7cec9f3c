import { getNumber, probe } from "../../../lib/access";
import { REGULATED_PROPERTY, schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { KMS_KEY_TYPES } from "../../../lib/kms";
import { compliant, nonCompliant, notApplicable } from "../../../lib/result";

interface Config {
    regulated: boolean;
    minimumDays: number;
}

/** KMS's own default when `deletionWindowInDays` is not set. */
const AWS_DEFAULT_WINDOW = 30;

/**
 * A scheduled key deletion is the one irreversible act in KMS: every object
 * encrypted under the key becomes unreadable. The longest window (30 days)
 * gives the most time to notice and cancel. Outside regulated stacks the rule
 * does not apply (dev keys may use the 7-day minimum).
 */
export const kmsKeyConfigureDeletionWindow = resourceRule<Config>({
    name: "aws-kms-key-configure-deletion-window",
    description: "KMS keys in regulated stacks must have a deletion window of at least 30 days (configurable).",
    severity: "medium",
    topics: ["encryption", "backup"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(2)(iv)", "164.312(c)(1)"] },
        { framework: "pci-dss", controls: ["3.6.1", "3.7.5"] },
        { framework: "ml-baseline", controls: ["ML-BAK-1"] },
    ],
    remediationSteps: "Set `deletionWindowInDays: 30` on the aws.kms.Key, or leave it unset (KMS defaults to 30).",
    configSchema: schema({
        regulated: REGULATED_PROPERTY,
        minimumDays: { type: "integer", minimum: 7, maximum: 30, default: 30, description: "Minimum deletion window in days (KMS allows 7–30)." },
    }),
    resourceTypes: [...KMS_KEY_TYPES],
    check: (props, ctx) => {
        if (!ctx.config.regulated) {
            return notApplicable("the stack is not regulated (config regulated: false)");
        }
        const raw = probe(props, "deletionWindowInDays");
        if (raw.state === "unknown") {
            throw raw.error;
        }
        const days = raw.state === "missing" ? AWS_DEFAULT_WINDOW : getNumber(props, "deletionWindowInDays");
        if (days === undefined) {
            return nonCompliant(`KMS key "${ctx.name}" has an unreadable deletionWindowInDays.`);
        }
        return days >= ctx.config.minimumDays
            ? compliant()
            : nonCompliant(`KMS key "${ctx.name}" has a ${days}-day deletion window; at least ${ctx.config.minimumDays} is required.`);
    },
});
