/** SNS rule: topics encrypted with a customer-managed key. */
import type * as aws from "@pulumi/aws";
import { snsTopicConfigureKmsKey } from "../../policies/rules/sns/Topic/configureKmsKey";
import { UNKNOWN } from "./harness";
import { KEY_ARN, Props, withValue, without } from "./sagemakerFixtures";
import { assertOutcome, assertViolations, check } from "./sagemakerTesting";

const TOPIC = "aws:sns/topic:Topic";

function topicProps(): Props<aws.sns.TopicArgs> {
    return { name: "ml-alerts", kmsMasterKeyId: KEY_ARN };
}

describe("aws-sns-topic-configure-kms-key", () => {
    const policy = snsTopicConfigureKmsKey;

    it("passes a customer-managed key, known or computed from a key in the stack", async () => {
        assertOutcome(await check(policy, TOPIC, topicProps()), "compliant");
        assertOutcome(await check(policy, TOPIC, withValue(topicProps(), ["kmsMasterKeyId"], UNKNOWN.string)), "compliant");
    });

    it("reports a topic without a key", async () => {
        assertViolations(await check(policy, TOPIC, without(topicProps(), ["kmsMasterKeyId"])), 1, "has no kmsMasterKeyId");
    });

    it("reports the AWS-managed alias, as a name or an ARN, unless the config allows it", async () => {
        assertViolations(await check(policy, TOPIC, withValue(topicProps(), ["kmsMasterKeyId"], "alias/aws/sns")), 1, "uses the AWS-managed key alias/aws/sns");
        assertViolations(await check(policy, TOPIC, withValue(topicProps(), ["kmsMasterKeyId"], "arn:aws:kms:us-east-1:111122223333:alias/aws/sns")), 1, "AWS-managed key");
        assertOutcome(await check(policy, TOPIC, withValue(topicProps(), ["kmsMasterKeyId"], "alias/aws/sns"), { allowAwsManagedKey: true }), "compliant");
    });

    it("accepts a customer-managed alias", async () => {
        assertOutcome(await check(policy, TOPIC, withValue(topicProps(), ["kmsMasterKeyId"], "alias/ml-platform-alerts")), "compliant");
    });
});
