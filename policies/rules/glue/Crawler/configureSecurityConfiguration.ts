import { resourceRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { CRAWLER_TYPE } from "../encryption";
import { requireSecurityConfiguration } from "../securityConfigurationUse";

/** A crawler reads lake objects to infer schemas and logs what it finds; its security configuration encrypts those logs. */
export const glueCrawlerConfigureSecurityConfiguration = resourceRule({
    name: "aws-glue-crawler-configure-security-configuration",
    description: "Glue crawlers must use a security configuration (securityConfiguration).",
    severity: "high",
    topics: ["encryption"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "Set `securityConfiguration` on the aws.glue.Crawler to the name of a security configuration that encrypts S3, CloudWatch " +
        "and job bookmarks with KMS (the data lake component creates one).",
    resourceTypes: [CRAWLER_TYPE],
    check: (props, ctx) => requireSecurityConfiguration(props, `Crawler "${ctx.name}"`),
});
