import { findingFor, stackRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { Findings } from "../../../lib/result";
import { knownStrings, referencedBy } from "../../../lib/stack";
import { CRAWLER_TYPE, JOB_TYPE, SECURITY_CONFIGURATION_TYPE, securityConfigurationProblems } from "../encryption";

/**
 * Naming a security configuration is not enough: the one named must encrypt.
 * This joins every crawler and job to the security configuration it names
 * (by name, or by the engine's dependency information while the name is
 * unknown during a preview) and checks that configuration. A configuration
 * outside the stack is not visible here; the crawler and job rules still
 * require one to be named.
 */
export const glueSecurityConfigurationEnforceCompliantReferences = stackRule({
    name: "aws-glue-securityconfiguration-enforce-compliant-references",
    description:
        "Glue crawlers and jobs must use a security configuration that encrypts S3, CloudWatch and job bookmarks with KMS, when that configuration is in the stack.",
    severity: "high",
    topics: ["encryption"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "Point the crawler's or job's `securityConfiguration` at a configuration with S3 SSE-KMS, CloudWatch SSE-KMS and job " +
        "bookmarks CSE-KMS (see aws-glue-securityconfiguration-configure-kms-encryption), or fix the configuration it names.",
    appliesTo: [CRAWLER_TYPE, JOB_TYPE],
    check: (stack, ctx) => {
        const configurations = stack.ofType(SECURITY_CONFIGURATION_TYPE);
        const findings = new Findings();
        for (const user of stack.ofType(CRAWLER_TYPE, JOB_TYPE)) {
            const ref = referencedBy(user, "securityConfiguration", configurations, (c) => knownStrings(c.props, ["name"], ["id"]));
            if (ref.unknown) {
                ctx.park(ref.unknown, `${user.name}.securityConfiguration`);
            }
            for (const target of ref.targets) {
                const problems = securityConfigurationProblems(target.props, ctx.attempt);
                if (problems.length > 0) {
                    findings.add(findingFor(user, `uses security configuration "${target.name}", which is not compliant: ${problems.join("; ")}.`));
                }
            }
        }
        return findings.result();
    },
});
