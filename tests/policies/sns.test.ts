/** SNS rule: topics encrypted with a customer-managed key. */
import type * as aws from "@pulumi/aws";
import { snsTopicConfigureKmsKey } from "../../policies/rules/sns/Topic/configureKmsKey";
import { snsTopicEnforceTls } from "../../policies/rules/sns/Topic/enforceTls";
import { snsTopicPolicyDisallowPublicAccess } from "../../policies/rules/sns/TopicPolicy/disallowPublicAccess";
import { runStack, TestResource, UNKNOWN } from "./harness";
import { KEY_ARN, Props, withValue, without } from "./sagemakerFixtures";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check } from "./sagemakerTesting";

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
        assertViolations(
            await check(policy, TOPIC, withValue(topicProps(), ["kmsMasterKeyId"], "arn:aws:kms:us-east-1:111122223333:alias/aws/sns")),
            1,
            "AWS-managed key",
        );
        assertOutcome(await check(policy, TOPIC, withValue(topicProps(), ["kmsMasterKeyId"], "alias/aws/sns"), { allowAwsManagedKey: true }), "compliant");
    });

    it("accepts a customer-managed alias", async () => {
        assertOutcome(await check(policy, TOPIC, withValue(topicProps(), ["kmsMasterKeyId"], "alias/ml-platform-alerts")), "compliant");
    });
});

const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:ml-alerts";
const snsDoc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const denyPlainHttp = {
    Sid: "DenyPublishWithoutTls",
    Effect: "Deny",
    Principal: "*",
    Action: "sns:Publish",
    Resource: TOPIC_ARN,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const alarms = {
    Sid: "Alarms",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: "sns:Publish",
    Resource: TOPIC_ARN,
    Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
};

describe("aws-sns-topic-enforce-tls", () => {
    const policy = snsTopicEnforceTls;
    const topic: TestResource = { type: TOPIC, name: "alerts", props: { arn: TOPIC_ARN, kmsMasterKeyId: KEY_ARN } };
    const topicPolicy = (policyDoc: unknown, arn: unknown = TOPIC_ARN, deps?: Record<string, string[]>): TestResource => ({
        type: TOPIC_POLICY,
        name: "alerts-policy",
        props: { arn, policy: policyDoc },
        ...(deps ? { propertyDependencies: deps } : {}),
    });

    it("passes a TopicPolicy or an inline policy that denies Publish without TLS", async () => {
        assertOutcome(await runStack(policy, [topic, topicPolicy(snsDoc(alarms, denyPlainHttp))]), "compliant");
        assertOutcome(await runStack(policy, [{ ...topic, props: { ...topic.props, policy: snsDoc({ ...denyPlainHttp, Action: "sns:*" }) } }]), "compliant");
    });
    it("reports a policy without the TLS deny, and one whose deny spares some principals", async () => {
        assertViolations(
            await runStack(policy, [topic, topicPolicy(snsDoc(alarms))]),
            1,
            "alerts (aws:sns/topic:Topic): topic policy has no Deny of sns:Publish",
        );
        assertViolations(
            await runStack(policy, [topic, topicPolicy(snsDoc({ ...denyPlainHttp, Principal: { AWS: "arn:aws:iam::111122223333:root" } }))]),
            1,
            "no Deny",
        );
    });
    it("reports a topic with no policy at all, and ignores another topic's policy (missing value)", async () => {
        assertViolations(await runStack(policy, [topic]), 1, "has no topic policy");
        assertViolations(
            await runStack(policy, [topic, topicPolicy(snsDoc(denyPlainHttp), "arn:aws:sns:us-east-1:111122223333:other")]),
            1,
            "has no topic policy",
        );
    });
    it("joins a TopicPolicy whose arn is unknown by its dependency on the topic", async () => {
        assertOutcome(await runStack(policy, [topic, topicPolicy(snsDoc(denyPlainHttp), UNKNOWN.string, { arn: ["alerts"] })]), "compliant");
    });
    it("surfaces an unknown document, or a policy of an unknown topic, the way the SDK does", async () => {
        assertUnknown(await runStack(policy, [topic, topicPolicy(UNKNOWN.string)]), "policy");
        assertUnknown(await runStack(policy, [topic, topicPolicy(snsDoc(denyPlainHttp), UNKNOWN.string)]), "arn");
    });
});

describe("aws-sns-topicpolicy-disallow-public-access", () => {
    const policy = snsTopicPolicyDisallowPublicAccess;
    const props = (...statements: object[]) => ({ arn: TOPIC_ARN, policy: snsDoc(...statements) });

    it("passes service principals, this account's roles, and a wildcard pinned to this account", async () => {
        assertOutcome(await check(policy, TOPIC_POLICY, props(alarms, denyPlainHttp)), "compliant");
        assertOutcome(
            await check(
                policy,
                TOPIC_POLICY,
                props({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/ops" }, Action: "sns:Subscribe", Resource: TOPIC_ARN }),
            ),
            "compliant",
        );
        assertOutcome(
            await check(
                policy,
                TOPIC_POLICY,
                props({
                    Effect: "Allow",
                    Principal: "*",
                    Action: "sns:Publish",
                    Resource: TOPIC_ARN,
                    Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
                }),
            ),
            "compliant",
        );
    });
    it("reports a public principal without a pinning condition", async () => {
        assertViolations(
            await check(policy, TOPIC_POLICY, props({ Sid: "Open", Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: TOPIC_ARN })),
            1,
            'statement Open allows Principal "*"',
        );
        assertViolations(
            await check(policy, TOPIC, props({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Subscribe", Resource: TOPIC_ARN })),
            1,
            "Principal",
        );
    });
    it("reports another account, as a principal or in a source condition, unless trusted", async () => {
        const foreign = { Sid: "Partner", Effect: "Allow", Principal: { AWS: "444455556666" }, Action: "sns:Publish", Resource: TOPIC_ARN };
        assertViolations(await check(policy, TOPIC_POLICY, props(foreign)), 1, "statement Partner lets in account 444455556666");
        assertViolations(
            await check(policy, TOPIC_POLICY, props({ ...alarms, Condition: { StringEquals: { "aws:SourceAccount": "999988887777" } } })),
            1,
            "999988887777",
        );
        assertOutcome(await check(policy, TOPIC_POLICY, props(foreign), { trustedAccountIds: ["444455556666"] }), "compliant");
    });
    it("does not apply to a topic without an inline policy (missing value)", async () => {
        assertNotApplicable(await check(policy, TOPIC, { name: "t" }), "checked on its own");
    });
    it("surfaces an unknown document, or an unknown topic ARN when an account must be compared, the way the SDK does", async () => {
        assertUnknown(await check(policy, TOPIC_POLICY, { arn: TOPIC_ARN, policy: UNKNOWN.string }), "policy");
        assertUnknown(
            await check(policy, TOPIC_POLICY, {
                arn: UNKNOWN.string,
                policy: snsDoc({ Effect: "Allow", Principal: { AWS: "444455556666" }, Action: "sns:Publish", Resource: UNKNOWN.string }),
            }),
            "arn",
        );
    });
});
