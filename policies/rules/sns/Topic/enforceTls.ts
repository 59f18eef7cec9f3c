import { findingFor, stackRule } from "../../../lib/define";
import { TLS_IN_TRANSIT_CONTROLS } from "../../../lib/frameworks";
import { deniesInsecureTransport } from "../../../lib/policyDocument";
import { Findings } from "../../../lib/result";
import { SNS_TYPES, topicPolicies } from "../../../lib/sns";

/**
 * SNS accepts Publish over plain HTTP unless the topic policy denies it, and
 * alarm and pipeline notifications can quote record ids and payloads. Every
 * topic must have a policy (its own `policy` or an aws.sns.TopicPolicy) with
 * a Deny of sns:Publish for every principal when `aws:SecureTransport` is
 * false, as cdk-nag's AwsSolutions-SNS3 asks. A topic without any policy is
 * reported, as SNS3 reports it.
 */
export const snsTopicEnforceTls = stackRule({
    name: "aws-sns-topic-enforce-tls",
    description: "SNS topics must have a topic policy denying sns:Publish not sent over TLS (aws:SecureTransport = false).",
    severity: "high",
    topics: ["encryption", "network"],
    frameworks: TLS_IN_TRANSIT_CONTROLS,
    remediationSteps:
        'Add to the topic\'s aws.sns.TopicPolicy a statement `{ Sid: "DenyPublishWithoutTls", Effect: "Deny", Principal: "*", ' +
        'Action: "sns:Publish", Resource: topic.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } }`.',
    appliesTo: [SNS_TYPES.topic],
    check: (stack, ctx) => {
        const { byTopic, unresolved } = topicPolicies(stack);
        const f = new Findings();
        for (const topic of stack.ofType(SNS_TYPES.topic)) {
            ctx.attempt(() => {
                const docs = byTopic.get(topic.urn) ?? [];
                const denies = docs.some(({ doc }) => {
                    if (doc.state === "unknown") {
                        throw doc.error;
                    }
                    return doc.state === "parsed" && doc.statements.some((s) => deniesInsecureTransport(s, ["sns:Publish"]));
                });
                if (denies) {
                    return;
                }
                if (unresolved.length > 0) {
                    // A topic policy whose topic is not known yet may be this one's.
                    throw unresolved[0];
                }
                f.add(
                    findingFor(
                        topic,
                        docs.length === 0
                            ? "has no topic policy, so Publish over plain HTTP is accepted."
                            : "topic policy has no Deny of sns:Publish for every principal when aws:SecureTransport is false.",
                    ),
                );
            }, topic.name);
        }
        return f.result();
    },
});
