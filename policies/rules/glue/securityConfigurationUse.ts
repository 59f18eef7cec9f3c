/** The rule body shared by the crawler and job rules: a security configuration must be named. */
import { requireSet } from "../../lib/checks";
import { CheckResult } from "../../lib/result";

export function requireSecurityConfiguration(props: Record<string, unknown>, what: string): CheckResult {
    return requireSet(
        props,
        "securityConfiguration",
        `${what} has no securityConfiguration; its S3 output, CloudWatch logs and bookmarks would not be encrypted with the lake key.`,
    );
}
