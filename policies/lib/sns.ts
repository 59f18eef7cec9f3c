/** SNS type tokens and the topic-policy join shared by the SNS rules. */
import type { PolicyResource } from "@pulumi/policy";
import { StackView } from "./define";
import { ParsedDocument, readPolicyDocument } from "./policyDocument";
import { joinByReference, knownStrings } from "./stack";
import { UnknownValueErrorLike } from "./unknowns";

export const SNS_TYPES = {
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
} as const;

/** The resources that carry a topic's access policy: its own `policy`, or a TopicPolicy. */
export const TOPIC_POLICY_TYPES = [SNS_TYPES.topic, SNS_TYPES.topicPolicy];

/**
 * Each topic's policy documents: its inline `policy` when set, and every
 * TopicPolicy whose `arn` is the topic's (by value or by dependency).
 * `unresolved` holds the unknowns of TopicPolicies that could be any topic's.
 */
export function topicPolicies(stack: StackView): { byTopic: Map<string, { where: string; doc: ParsedDocument }[]>; unresolved: UnknownValueErrorLike[] } {
    const topics = stack.ofType(SNS_TYPES.topic);
    const join = joinByReference(topics, stack.ofType(SNS_TYPES.topicPolicy), "arn", (t: PolicyResource) => knownStrings(t.props, ["arn"], ["id"]));
    const out = new Map<string, { where: string; doc: ParsedDocument }[]>();
    for (const t of topics) {
        const docs = [{ where: "policy", doc: readPolicyDocument(t.props, "policy") }].filter((d) => d.doc.state !== "missing");
        for (const p of join.byParent.get(t.urn) ?? []) {
            docs.push({ where: `topic policy "${p.name}"`, doc: readPolicyDocument(p.props, "policy") });
        }
        out.set(t.urn, docs);
    }
    return { byTopic: out, unresolved: join.unresolved.map((u) => u.error) };
}
