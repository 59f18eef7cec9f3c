import { getBool, isSet } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { evaluate, findingFor, stackRule } from "../../../lib/define";
import { compliant, Findings, nonCompliant, notApplicable } from "../../../lib/result";

interface Config {
    managedElsewhere: boolean;
    requireCloudWatchDelivery: boolean;
}

export const TRAIL_TYPE = "aws:cloudtrail/trail:Trail";

/** What a trail lacks to count as the stack's audit trail. */
function gaps(props: Record<string, any>, requireCloudWatch: boolean): string[] {
    const out: string[] = [];
    if (getBool(props, "isMultiRegionTrail") !== true) {
        out.push("isMultiRegionTrail");
    }
    if (getBool(props, "enableLogFileValidation") !== true) {
        out.push("enableLogFileValidation");
    }
    if (!isSet(props, "kmsKeyId")) {
        out.push("kmsKeyId");
    }
    if (requireCloudWatch && (!isSet(props, "cloudWatchLogsGroupArn") || !isSet(props, "cloudWatchLogsRoleArn"))) {
        out.push("cloudWatchLogsGroupArn/cloudWatchLogsRoleArn");
    }
    if (getBool(props, "enableLogging") === false) {
        out.push("enableLogging (false)");
    }
    if (getBool(props, "includeGlobalServiceEvents") === false) {
        out.push("includeGlobalServiceEvents (false)");
    }
    return out;
}

/**
 * The account's API activity must be recorded in every region (an attacker
 * works where nobody looks), tamper-evident (log file validation), encrypted
 * under a customer-managed key, and streamed to CloudWatch Logs for alarms.
 * When an organisation trail in a security account does this, set
 * `managedElsewhere: true` in the config and the rule stops applying.
 */
export const cloudtrailTrailEnableMultiRegionTrail = stackRule<Config>({
    name: "aws-cloudtrail-trail-enable-multi-region-trail",
    description:
        "The stack must have a multi-region CloudTrail trail with log file validation, KMS encryption and CloudWatch Logs delivery (unless configured as managed elsewhere).",
    severity: "critical",
    topics: ["logging", "integrity"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(b)", "164.312(c)(1)"] },
        { framework: "pci-dss", controls: ["10.2.1", "10.2.1.2", "10.3.2", "10.3.4", "10.4.1.1"] },
        { framework: "ml-baseline", controls: ["ML-LOG-1"] },
    ],
    remediationSteps:
        "Create an aws.cloudtrail.Trail with `isMultiRegionTrail: true`, `enableLogFileValidation: true`, `kmsKeyId: key.arn`, " +
        "`cloudWatchLogsGroupArn` (the log group ARN followed by `:*`) and `cloudWatchLogsRoleArn`. If an organisation trail covers the account, " +
        "set `managedElsewhere: true` for this policy in the environment's policy config.",
    configSchema: schema({
        managedElsewhere: {
            type: "boolean",
            default: false,
            description: "An organisation or security-account trail covers this account; the stack need not create one.",
        },
        requireCloudWatchDelivery: { type: "boolean", default: true, description: "Require CloudWatch Logs delivery." },
    }),
    check: (stack, ctx) => {
        if (ctx.config.managedElsewhere) {
            return notApplicable("the trail is managed elsewhere (config managedElsewhere: true)");
        }
        const trails = stack.ofType(TRAIL_TYPE);
        if (trails.length === 0) {
            return nonCompliant("the stack has no CloudTrail trail (set managedElsewhere if an organisation trail covers the account).");
        }
        // One qualifying trail is enough; an unknown on another trail doesn't matter then.
        const results = trails.map((t) => ({ trail: t, gaps: evaluate(() => gaps(t.props, ctx.config.requireCloudWatchDelivery)) }));
        if (results.some((r) => r.gaps.state === "known" && r.gaps.value.length === 0)) {
            return compliant();
        }
        const undecided = results.filter((r) => r.gaps.state === "unknown");
        if (undecided.length > 0) {
            // An undecided trail may be the qualifying one: surface the unknown, report nothing yet.
            for (const r of undecided) {
                if (r.gaps.state === "unknown") {
                    ctx.park(r.gaps.error, r.trail.name);
                }
            }
            return compliant();
        }
        const f = new Findings();
        for (const r of results) {
            if (r.gaps.state === "known") {
                f.add(findingFor(r.trail, `does not qualify; missing ${r.gaps.value.join(", ")}.`));
            }
        }
        return f.result();
    },
});
