import type { PolicyResource } from "@pulumi/policy";
import { getArray, getStrings } from "../../../lib/access";
import { findingFor, stackRule } from "../../../lib/define";
import { IAM_TYPES } from "../../../lib/iam";
import { actionMatches, conditionValues, NormalizedStatement, readPolicyDocument } from "../../../lib/policyDocument";
import { Findings } from "../../../lib/result";
import { knownStrings, referencedBy } from "../../../lib/stack";
import { OUTPUT_KMS_GUARDED_ACTIONS, VOLUME_KMS_GUARDED_ACTIONS, VPC_GUARDED_ACTIONS } from "@ml-platform/components/lib/sagemakerGuardrails";

/**
 * Which create calls carry which guard key: the same lists the components build their guard-rails from
 * (Service Authorization Reference). A call is only required to be guarded on keys its request carries.
 */
const VPC_GUARDS: Record<string, string[]> = Object.fromEntries(VPC_GUARDED_ACTIONS.map((a) => [a, ["sagemaker:VpcSubnets"]]));
const KMS_GUARDS: Record<string, string[]> = {};
for (const a of OUTPUT_KMS_GUARDED_ACTIONS) {
    KMS_GUARDS[a] = [...(KMS_GUARDS[a] ?? []), "sagemaker:OutputKmsKey"];
}
for (const a of VOLUME_KMS_GUARDED_ACTIONS) {
    KMS_GUARDS[a] = [...(KMS_GUARDS[a] ?? []), "sagemaker:VolumeKmsKey"];
}
const JOB_ACTIONS = [...new Set([...Object.keys(VPC_GUARDS), ...Object.keys(KMS_GUARDS)])];

/** AWS-managed policies that grant those calls without conditions. */
const UNGUARDED_MANAGED = [/:policy\/AmazonSageMakerFullAccess$/, /:policy\/AdministratorAccess$/, /:policy\/PowerUserAccess$/];

function roleIdentity(r: PolicyResource): string[] {
    return knownStrings(r.props, ["name"], ["id"], ["arn"]).map((v) => v.replace(/^arn:aws[a-z-]*:iam::\d+:role\/(?:.*\/)?/, ""));
}

function policyIdentity(p: PolicyResource): string[] {
    return knownStrings(p.props, ["arn"], ["id"]);
}

function trustsSageMaker(role: PolicyResource): boolean {
    const doc = readPolicyDocument(role.props, "assumeRolePolicy");
    if (doc.state === "unknown") {
        throw doc.error;
    }
    return doc.state === "parsed" && doc.statements.some((s) => s.effect === "Allow" && (s.principal?.service ?? []).includes("sagemaker.amazonaws.com"));
}

function statementsOf(value: unknown, prop: string): NormalizedStatement[] {
    const doc = readPolicyDocument(value, prop);
    if (doc.state === "unknown") {
        throw doc.error;
    }
    return doc.state === "parsed" ? doc.statements : [];
}

function covers(s: NormalizedStatement, action: string): boolean {
    return s.actions.some((a) => actionMatches(a, action));
}

/** A Deny of `action` whenever one of `keys` is absent (`Null` = "true"). */
function denyGuard(statements: NormalizedStatement[], action: string, keys: string[]): boolean {
    return statements.some((s) => s.effect === "Deny" && covers(s, action) && keys.some((k) => conditionValues(s, k, ["Null"]).includes("true")));
}

/** Every Allow of `action` is conditioned on one of `keys` (vacuously true when nothing allows it). */
function allowGuard(statements: NormalizedStatement[], action: string, keys: string[]): boolean {
    return statements.filter((s) => s.effect === "Allow" && covers(s, action)).every((s) => keys.some((k) => conditionValues(s, k).length > 0));
}

/**
 * Roles that SageMaker assumes (execution roles, pipeline roles) and that can
 * start jobs must only be able to start them inside the VPC and with KMS keys:
 * either their Allow statements carry conditions on `sagemaker:VpcSubnets`
 * and `sagemaker:VolumeKmsKey` / `sagemaker:OutputKmsKey`, or a Deny refuses
 * the call when those keys are Null. Without the guard, a pipeline step or a
 * notebook can launch a job on the public network with AWS-owned keys even
 * though every component does it right. Advisory: the resource rules on the
 * jobs themselves are the enforcing line.
 */
export const iamRoleConfigureSagemakerGuardConditions = stackRule({
    name: "aws-iam-role-configure-sagemaker-guard-conditions",
    description: "Roles trusted by SageMaker that can create jobs must be limited by VPC and KMS guard conditions.",
    severity: "medium",
    enforcementLevel: "advisory",
    topics: ["access", "ml", "network", "encryption"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)"] },
        { framework: "pci-dss", controls: ["7.2.5"] },
        { framework: "ml-baseline", controls: ["ML-IAM-1"] },
    ],
    remediationSteps:
        "Add the platform's guard-rail Deny statements (components/lib/sagemakerGuardrails.ts): deny the create calls that carry " +
        "`sagemaker:VpcSubnets` when it is Null, and those that carry `sagemaker:VolumeKmsKey` / `sagemaker:OutputKmsKey` when " +
        "those are Null; don't attach AmazonSageMakerFullAccess.",
    appliesTo: [IAM_TYPES.role],
    check: (stack, ctx) => {
        const roles = stack.ofType(IAM_TYPES.role);
        const rolePolicies = stack.ofType(IAM_TYPES.rolePolicy);
        const attachments = stack.ofType(IAM_TYPES.rolePolicyAttachment);
        const policies = stack.ofType(IAM_TYPES.policy);
        const f = new Findings();
        for (const role of roles) {
            ctx.attempt(() => {
                if (!trustsSageMaker(role)) {
                    return;
                }
                const statements: NormalizedStatement[] = [];
                const managed: string[] = [...getStrings(role.props, "managedPolicyArns")];
                getArray(role.props, "inlinePolicies").forEach((p) => statements.push(...statementsOf(p, "policy")));
                for (const rp of rolePolicies) {
                    if (referencedBy(rp, "role", [role], roleIdentity).targets.length > 0) {
                        statements.push(...statementsOf(rp.props, "policy"));
                    }
                }
                for (const att of attachments) {
                    if (referencedBy(att, "role", [role], roleIdentity).targets.length === 0) {
                        continue;
                    }
                    const inStack = referencedBy(att, "policyArn", policies, policyIdentity).targets;
                    inStack.forEach((p) => statements.push(...statementsOf(p.props, "policy")));
                    if (inStack.length === 0) {
                        managed.push(...knownStrings(att.props, ["policyArn"]));
                    }
                }
                const unguardedManaged = managed.filter((arn) => UNGUARDED_MANAGED.some((re) => re.test(arn)));
                const createsJobs =
                    unguardedManaged.length > 0 ||
                    statements.some((s) => s.effect === "Allow" && JOB_ACTIONS.some((a) => s.actions.some((p) => actionMatches(p, a))));
                if (!createsJobs) {
                    return;
                }
                // Managed grants are unconditioned allows we can't read: only a Deny can guard them.
                const guarded = (action: string, keys: string[]) =>
                    denyGuard(statements, action, keys) || (unguardedManaged.length === 0 && allowGuard(statements, action, keys));
                const allowed = (action: string) => unguardedManaged.length > 0 || statements.some((s) => s.effect === "Allow" && covers(s, action));
                const unguarded = (guards: Record<string, string[]>) =>
                    Object.entries(guards)
                        .filter(([action, keys]) => allowed(action) && !guarded(action, keys))
                        .map(([action]) => action.replace("sagemaker:", ""));
                const missing: string[] = [];
                const noVpc = unguarded(VPC_GUARDS);
                const noKms = unguarded(KMS_GUARDS);
                if (noVpc.length > 0) {
                    missing.push(`no sagemaker:VpcSubnets guard on ${noVpc.join(", ")}`);
                }
                if (noKms.length > 0) {
                    missing.push(`no KMS key guard (sagemaker:VolumeKmsKey/OutputKmsKey) on ${noKms.join(", ")}`);
                }
                if (missing.length > 0 && unguardedManaged.length > 0) {
                    missing.push(`it attaches ${unguardedManaged.join(", ")}, which grants job creation without conditions`);
                }
                if (missing.length > 0) {
                    f.add(findingFor(role, `is trusted by SageMaker and can create jobs, but: ${missing.join("; ")}.`));
                }
            }, role.name);
        }
        return f.result();
    },
});
