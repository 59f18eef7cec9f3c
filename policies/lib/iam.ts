/** IAM document sources shared by the IAM rules. */
import { getArray, getString } from "./access";
import type { ResourceContext } from "./define";
import { NormalizedStatement, ParsedDocument, readPolicyDocument } from "./policyDocument";
import { CheckResult, Findings } from "./result";

export const IAM_TYPES = {
    policy: "aws:iam/policy:Policy",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    role: "aws:iam/role:Role",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    rolePolicyAttachmentsExclusive: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    userPolicyAttachmentsExclusive: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
    groupPolicyAttachmentsExclusive: "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
} as const;

/** Every resource that carries a permission document: managed policies, inline policies, and a Role's `inlinePolicies`. */
export const PERMISSION_DOCUMENT_TYPES = [IAM_TYPES.policy, IAM_TYPES.rolePolicy, IAM_TYPES.userPolicy, IAM_TYPES.groupPolicy, IAM_TYPES.role];

/**
 * Where each resource that attaches managed policies names them: one ARN in
 * `policyArn`, or a list in `policyArns` / a Role's `managedPolicyArns`.
 */
export const POLICY_ARN_FIELDS: Record<string, { field: string; list: boolean }> = {
    [IAM_TYPES.rolePolicyAttachment]: { field: "policyArn", list: false },
    [IAM_TYPES.userPolicyAttachment]: { field: "policyArn", list: false },
    [IAM_TYPES.groupPolicyAttachment]: { field: "policyArn", list: false },
    [IAM_TYPES.policyAttachment]: { field: "policyArn", list: false },
    [IAM_TYPES.rolePolicyAttachmentsExclusive]: { field: "policyArns", list: true },
    [IAM_TYPES.userPolicyAttachmentsExclusive]: { field: "policyArns", list: true },
    [IAM_TYPES.groupPolicyAttachmentsExclusive]: { field: "policyArns", list: true },
    [IAM_TYPES.role]: { field: "managedPolicyArns", list: true },
};

/** Inline policy types: their documents live only on the identity. */
export const INLINE_POLICY_TYPES = [IAM_TYPES.rolePolicy, IAM_TYPES.userPolicy, IAM_TYPES.groupPolicy];

/** A named permission document on a resource. */
export interface NamedDocument {
    where: string;
    doc: ParsedDocument;
}

/**
 * The permission documents a resource carries: `policy` on Policy / RolePolicy
 * / UserPolicy / GroupPolicy, and every `inlinePolicies[].policy` on a Role
 * (not its trust policy).
 */
export function permissionDocuments(type: string, props: unknown): NamedDocument[] {
    if (type === IAM_TYPES.role) {
        return getArray(props, "inlinePolicies").map((p, i) => ({
            where: `inlinePolicies[${i}]${getString(p, "name") ? ` (${getString(p, "name")})` : ""}`,
            doc: readPolicyDocument(p, "policy"),
        }));
    }
    return [{ where: "policy", doc: readPolicyDocument(props, "policy") }];
}

/** Allow statements of a document; an unknown document throws for the SDK. */
export function allowStatements(doc: ParsedDocument): NormalizedStatement[] {
    if (doc.state === "unknown") {
        throw doc.error;
    }
    return doc.state === "parsed" ? doc.statements.filter((s) => s.effect === "Allow") : [];
}

/**
 * The check shared by the rules that look for grants in permission
 * documents: `problem` says what is wrong with one Allow statement (e.g.
 * "allows all actions"), or undefined. Each document is checked on its own,
 * so an unknown one is reported after the others. Findings read
 * `"<name>" <where>: statement <Sid> <problem>.`; with `reportUnreadable`, a
 * document that is not valid JSON is a finding too.
 */
export function checkAllowStatements(
    props: unknown,
    ctx: ResourceContext<object>,
    problem: (statement: NormalizedStatement) => string | undefined,
    options: { reportUnreadable?: boolean } = {},
): CheckResult {
    const f = new Findings();
    for (const { where, doc } of permissionDocuments(ctx.type, props)) {
        ctx.attempt(() => {
            if (options.reportUnreadable && doc.state === "invalid") {
                f.add(`"${ctx.name}" ${where} cannot be read: ${doc.reason}.`);
            }
            for (const s of allowStatements(doc)) {
                const p = problem(s);
                if (p !== undefined) {
                    f.add(`"${ctx.name}" ${where}: statement ${s.sid ?? "(no Sid)"} ${p}.`);
                }
            }
        }, where);
    }
    return f.result();
}
