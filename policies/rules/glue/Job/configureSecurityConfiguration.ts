import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { JOB_TYPE } from "../encryption";
import { requireSecurityConfiguration } from "../securityConfigurationUse";

/** A job writes lake data, logs and bookmarks; its security configuration encrypts all three. */
export const glueJobConfigureSecurityConfiguration = resourceRule({
    name: "aws-glue-job-configure-security-configuration",
    description: "Glue jobs must use a security configuration (securityConfiguration).",
    severity: "high",
    topics: ["encryption"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "Set `securityConfiguration` on the aws.glue.Job to the name of a security configuration that encrypts S3, CloudWatch and " +
        "job bookmarks with KMS (the data lake component creates one).",
    resourceTypes: [JOB_TYPE],
    check: (props, ctx) => requireSecurityConfiguration(props, `Job "${ctx.name}"`),
});
