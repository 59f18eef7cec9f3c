/** The rule body shared by the crawler and job rules: a security configuration must be named. */
import { isSet } from "../../lib/access";
import { CheckResult, compliant, nonCompliant } from "../../lib/result";

export function requireSecurityConfiguration(props: Record<string, unknown>, what: string): CheckResult {
    return isSet(props, "securityConfiguration")
        ? compliant()
        : nonCompliant(`${what} has no securityConfiguration; its S3 output, CloudWatch logs and bookmarks would not be encrypted with the lake key.`);
}
