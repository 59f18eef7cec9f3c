/**
 * Typed IAM policy documents.
 *
 * Documents are built as plain objects and serialised with
 * `pulumi.jsonStringify`, not with the `aws.iam.getPolicyDocument` invoke:
 * the JSON is then visible in a preview and to the policy packs, and nothing
 * calls AWS to render it.
 */
import * as pulumi from "@pulumi/pulumi";

/** A principal block: `"*"` or a map of principal type to identifiers. */
export type PolicyPrincipal =
    | "*"
    | {
          AWS?: pulumi.Input<string | pulumi.Input<string>[]>;
          Service?: pulumi.Input<string | string[]>;
          Federated?: pulumi.Input<string>;
      };

/** Condition operator → condition key → value(s). */
export type PolicyConditions = Record<string, Record<string, pulumi.Input<string | boolean | pulumi.Input<string>[]>>>;

/** One statement of an IAM, key or bucket policy. */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: PolicyPrincipal;
    NotPrincipal?: PolicyPrincipal;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: pulumi.Input<string | pulumi.Input<string>[]>;
    NotResource?: pulumi.Input<string | pulumi.Input<string>[]>;
    Condition?: PolicyConditions;
}

/** An IAM policy document. */
export interface PolicyDocument {
    Version: "2012-10-17";
    Id?: string;
    Statement: PolicyStatement[];
}

/** Builds a policy document from its statements. */
export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** Serialises a policy document whose values may be outputs. */
export function toJson(doc: PolicyDocument): pulumi.Output<string> {
    return pulumi.jsonStringify(pulumi.output(doc as pulumi.Input<PolicyDocument>));
}

/** A trust policy letting the given AWS service principal(s) assume a role, scoped to this account. */
export function serviceTrustPolicy(services: string | string[], accountId: pulumi.Input<string>): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: services },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    });
}
