import { getBool, isSet } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { evaluate, findingFor, stackRule } from "../../../lib/define";
import { Findings, nonCompliant, notApplicable } from "../../../lib/result";

interface Config {
    managedElsewhere: boolean;
    requireCloudWatchDelivery: boolean;
}

export const TRAIL_TYPE = "aws:cloudtrail/trail:Trail";

/** What every trail needs: tamper evidence, a customer-managed key, and (unless configured off) CloudWatch Logs delivery. */
function trailGaps(props: Record<string, any>, requireCloudWatch: boolean): string[] {
    const out: string[] = [];
    if (getBool(props, "enableLogFileValidation") !== true) {
        out.push("enableLogFileValidation");
    }
    if (!isSet(props, "kmsKeyId")) {
        out.push("kmsKeyId");
    }
    if (requireCloudWatch && (!isSet(props, "cloudWatchLogsGroupArn") || !isSet(props, "cloudWatchLogsRoleArn"))) {
        out.push("cloudWatchLogsGroupArn/cloudWatchLogsRoleArn");
    }
    return out;
}

/** What a trail lacks to be the account trail: every region, logging on, global service events. */
function accountGaps(props: Record<string, any>): string[] {
    const out: string[] = [];
    if (getBool(props, "isMultiRegionTrail") !== true) {
        out.push("isMultiRegionTrail");
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
 * works where nobody looks): one trail of the stack is multi-region, logging,
 * with global service events. Every trail, that one or another, must be
 * tamper-evident (log file validation), encrypted under a customer-managed
 * key, and streamed to CloudWatch Logs for alarms, as Config's
 * cloud-trail-log-file-validation-enabled, cloud-trail-encryption-enabled and
 * cloud-trail-cloud-watch-logs-enabled check each trail. When an
 * organisation trail in a security account does this, set
 * `managedElsewhere: true` in the config and the rule stops applying.
 */
export const cloudtrailTrailEnableMultiRegionTrail = stackRule<Config>({
    name: "aws-cloudtrail-trail-enable-multi-region-trail",
    description:
        "The stack must have a multi-region CloudTrail trail, and every trail must have log file validation, KMS encryption and CloudWatch Logs delivery (unless configured as managed elsewhere).",
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
        const account = trails.map((t) => ({ trail: t, gaps: evaluate(() => accountGaps(t.props)) }));
        // One account trail is enough; an unknown on another trail doesn't matter then. Undecided, it may be the one.
        const covered = account.some((r) => r.gaps.state === "known" && r.gaps.value.length === 0);
        const undecided = !covered && account.some((r) => r.gaps.state === "unknown");
        if (undecided) {
            for (const r of account) {
                if (r.gaps.state === "unknown") {
                    ctx.park(r.gaps.error, r.trail.name);
                }
            }
        }
        const f = new Findings();
        for (const r of account) {
            ctx.attempt(() => {
                const missing = [
                    ...(!covered && !undecided && r.gaps.state === "known" ? r.gaps.value : []),
                    ...trailGaps(r.trail.props, ctx.config.requireCloudWatchDelivery),
                ];
                if (missing.length > 0) {
                    f.add(findingFor(r.trail, `${!covered && !undecided ? "does not qualify; " : ""}missing ${missing.join(", ")}.`));
                }
            }, r.trail.name);
        }
        return f.result();
    },
});
