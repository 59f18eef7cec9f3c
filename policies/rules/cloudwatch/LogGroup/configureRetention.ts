import { getNumber, probe } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { resourceRule } from "../../../lib/define";
import { compliant, nonCompliant } from "../../../lib/result";

interface Config {
    minimumDays: number;
    allowNeverExpire: boolean;
}

/**
 * Audit evidence must survive at least a year (PCI DSS 10.5.1). An explicit
 * `retentionInDays: 0` means "never expire" and always passes, as it does for
 * Config's cw-loggroup-retention-period-check and checkov CKV_AWS_338: it
 * keeps more than any minimum. An unset retention also never expires, but
 * the rule asks for an explicit choice unless `allowNeverExpire` is set,
 * as CKV_AWS_338 does; that is wider than the Config rule, which accepts it.
 */
export const cloudwatchLogGroupConfigureRetention = resourceRule<Config>({
    name: "aws-cloudwatch-loggroup-configure-retention",
    description: "CloudWatch log groups must set a retention of at least 365 days (configurable).",
    severity: "medium",
    topics: ["logging", "cost"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(b)"] },
        { framework: "pci-dss", controls: ["10.5.1"] },
        { framework: "ml-baseline", controls: ["ML-LOG-1"] },
    ],
    remediationSteps: "Set `retentionInDays` on the aws.cloudwatch.LogGroup to a CloudWatch period of at least 365 (e.g. 365, 400, 731).",
    configSchema: schema({
        minimumDays: { type: "integer", minimum: 1, default: 365, description: "Minimum retention in days." },
        allowNeverExpire: { type: "boolean", default: false, description: "Accept an unset retention (never expire); an explicit 0 is always accepted." },
    }),
    resourceTypes: ["aws:cloudwatch/logGroup:LogGroup"],
    check: (props, ctx) => {
        const raw = probe(props, "retentionInDays");
        if (raw.state === "unknown") {
            throw raw.error;
        }
        const days = getNumber(props, "retentionInDays");
        if (days === 0) {
            return compliant();
        }
        if (days === undefined) {
            return ctx.config.allowNeverExpire
                ? compliant()
                : nonCompliant(`log group "${ctx.name}" sets no retention (never expires); set at least ${ctx.config.minimumDays} days.`);
        }
        return days >= ctx.config.minimumDays
            ? compliant()
            : nonCompliant(`log group "${ctx.name}" keeps logs ${days} days; at least ${ctx.config.minimumDays} are required.`);
    },
});
