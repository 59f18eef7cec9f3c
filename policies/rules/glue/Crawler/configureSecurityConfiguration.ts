import { resourceRule } from "../../../lib/define";
import { CRAWLER_TYPE } from "../encryption";
import { requireSecurityConfiguration } from "../securityConfigurationUse";

/** A crawler reads lake objects to infer schemas and logs what it finds; its security configuration encrypts those logs. */
export const glueCrawlerConfigureSecurityConfiguration = resourceRule({
    name: "aws-glue-crawler-configure-security-configuration",
    description: "Glue crawlers must use a security configuration (securityConfiguration).",
    severity: "high",
    topics: ["encryption"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(2)(iv)"] },
        { framework: "pci-dss", controls: ["3.5.1"] },
        { framework: "ml-baseline", controls: ["ML-ENC-1"] },
    ],
    remediationSteps:
        "Set `securityConfiguration` on the aws.glue.Crawler to the name of a security configuration that encrypts S3, CloudWatch " +
        "and job bookmarks with KMS (the data lake component creates one).",
    resourceTypes: [CRAWLER_TYPE],
    check: (props, ctx) => requireSecurityConfiguration(props, `Crawler "${ctx.name}"`),
});
