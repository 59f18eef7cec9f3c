import * as assert from "assert";
import { iamPolicyDisallowFullAdmin } from "../../policies/rules/iam/Policy/disallowFullAdmin";
import { iamRoleConfigureSagemakerGuardConditions } from "../../policies/rules/iam/Role/configureSagemakerGuardConditions";
import { iamRoleDisallowInlineAdmin } from "../../policies/rules/iam/Role/disallowInlineAdmin";
import { iamPolicyDisallowServiceFullAccess } from "../../policies/rules/iam/Policy/disallowServiceFullAccess";
import { iamPolicyDisallowBlockedKmsActions } from "../../policies/rules/iam/Policy/disallowBlockedKmsActions";
import { iamPolicyAttachmentDisallowAdminManagedPolicies } from "../../policies/rules/iam/PolicyAttachment/disallowAdminManagedPolicies";
import { OUTPUT_KMS_GUARDED_ACTIONS, VOLUME_KMS_GUARDED_ACTIONS, VPC_GUARDED_ACTIONS } from "../../components/lib/sagemakerGuardrails";
import { ACCOUNT, T } from "./awsFixtures";
import { runStack, TestResource, UNKNOWN } from "./harness";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check } from "./sagemakerTesting";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const admin = { Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" };
const readLogs = { Sid: "Logs", Effect: "Allow", Action: ["logs:GetLogEvents"], Resource: "arn:aws:logs:us-east-1:1:log-group:x:*" };

describe("aws-iam-policy-disallow-full-admin", () => {
    const p = iamPolicyDisallowFullAdmin;
    it("passes scoped statements on Policy, RolePolicy and Role.inlinePolicies", async () => {
        assertOutcome(await check(p, T.policy, { policy: doc(readLogs) }), "compliant");
        assertOutcome(await check(p, T.rolePolicy, { role: "r", policy: doc(readLogs) }), "compliant");
        assertOutcome(await check(p, T.role, { assumeRolePolicy: "{}", inlinePolicies: [{ name: "ok", policy: doc(readLogs) }] }), "compliant");
    });
    it("reports * on * in each place, with Action/Resource as strings or arrays and Statement as an object", async () => {
        assertViolations(await check(p, T.policy, { policy: doc(admin) }), 1, "statement Admin allows all actions on all resources");
        assertViolations(
            await check(p, T.rolePolicy, { role: "r", policy: JSON.stringify({ Statement: { Effect: "Allow", Action: ["*"], Resource: ["*"] } }) }),
            1,
            "allows all actions",
        );
        assertViolations(
            await check(p, T.role, { assumeRolePolicy: "{}", inlinePolicies: [{ name: "bad", policy: doc(readLogs, admin) }] }),
            1,
            "inlinePolicies[0] (bad)",
        );
        assertViolations(await check(p, "aws:iam/userPolicy:UserPolicy", { user: "u", policy: { Statement: [admin] } }), 1, "all actions");
    });
    it("reports an Allow of NotAction on *", async () => {
        assertViolations(await check(p, T.policy, { policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }), 1, "everything except iam:*");
    });
    it("does not report a Deny of * on *", async () => {
        assertOutcome(await check(p, T.policy, { policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) }), "compliant");
    });
    it("passes a role with no inline policies and reports an unreadable document (missing / invalid values)", async () => {
        assertOutcome(await check(p, T.role, { assumeRolePolicy: "{}" }), "compliant");
        assertViolations(await check(p, T.policy, { policy: "[1,2" }), 1, "cannot be read");
    });
    it("surfaces an unknown document the way the SDK does", async () => {
        assertUnknown(await check(p, T.policy, { policy: UNKNOWN.string }), "policy");
    });
});

describe("aws-iam-role-disallow-inline-admin", () => {
    const p = iamRoleDisallowInlineAdmin;
    it("passes scoped inline policies", async () => {
        assertOutcome(await check(p, T.rolePolicy, { role: "r", policy: doc(readLogs) }), "compliant");
    });
    it("reports * on any resource, iam:*, and NotAction allows", async () => {
        assertViolations(
            await check(p, T.rolePolicy, { role: "r", policy: doc({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }) }),
            1,
            "allows all actions",
        );
        assertViolations(
            await check(p, T.rolePolicy, { role: "r", policy: doc({ Sid: "Iam", Effect: "Allow", Action: "iam:*", Resource: "*" }) }),
            1,
            "statement Iam allows all IAM actions",
        );
        assertViolations(
            await check(p, "aws:iam/groupPolicy:GroupPolicy", { group: "g", policy: doc({ Effect: "Allow", NotAction: "s3:*", Resource: "*" }) }),
            1,
            "everything except s3:*",
        );
        assertViolations(
            await check(p, T.role, { assumeRolePolicy: "{}", inlinePolicies: [{ policy: doc({ Effect: "Allow", Action: "IAM:*", Resource: "*" }) }] }),
            1,
            "all IAM actions",
        );
    });
    it("does not apply to managed policies", async () => {
        assertNotApplicable(await check(p, T.policy, { policy: doc(admin) }), "aws:iam/rolePolicy:RolePolicy");
    });
    it("passes an inline policy without statements (missing value)", async () => {
        assertOutcome(await check(p, T.rolePolicy, { role: "r", policy: "{}" }), "compliant");
    });
    it("surfaces an unknown inline document the way the SDK does", async () => {
        assertUnknown(await check(p, T.role, { assumeRolePolicy: "{}", inlinePolicies: [{ policy: UNKNOWN.string }] }), "policy");
    });
});

describe("aws-iam-role-configure-sagemaker-guard-conditions", () => {
    const p = iamRoleConfigureSagemakerGuardConditions;
    const trust = doc({
        Effect: "Allow",
        Principal: { Service: "sagemaker.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    });
    const role = (props: object = {}): TestResource => ({
        type: T.role,
        name: "pipeline-role",
        props: { name: "pipeline-role", assumeRolePolicy: trust, ...props },
    });
    const allowTrain = { Sid: "Train", Effect: "Allow", Action: "sagemaker:CreateTrainingJob", Resource: "*" };
    const denyNoVpc = { Effect: "Deny", Action: "sagemaker:Create*Job", Resource: "*", Condition: { Null: { "sagemaker:VpcSubnets": "true" } } };
    const denyNoKms = { Effect: "Deny", Action: "sagemaker:Create*Job", Resource: "*", Condition: { Null: { "sagemaker:VolumeKmsKey": "true" } } };
    const inline = (...s: object[]): TestResource => ({ type: T.rolePolicy, name: "inline", props: { role: "pipeline-role", policy: doc(...s) } });

    it("passes a role whose job creation is guarded by Deny-when-Null statements", async () => {
        assertOutcome(await runStack(p, [role(), inline(allowTrain, denyNoVpc, denyNoKms)]), "compliant");
    });
    it("passes allows conditioned on the guard keys", async () => {
        const guarded = { ...allowTrain, Condition: { StringEquals: { "sagemaker:VpcSubnets": ["subnet-1"], "sagemaker:VolumeKmsKey": "k" } } };
        assertOutcome(await runStack(p, [role({ inlinePolicies: [{ name: "g", policy: doc(guarded) }] })]), "compliant");
    });
    it("reports an unguarded role, with its findings as advisory by default", async () => {
        const r = await runStack(p, [role(), inline(allowTrain)], { packEnforcementLevel: "mandatory" });
        assertViolations(
            r,
            1,
            "no sagemaker:VpcSubnets guard on CreateTrainingJob; no KMS key guard (sagemaker:VolumeKmsKey/OutputKmsKey) on CreateTrainingJob",
        );
        assert.strictEqual(r.violations[0].enforcementLevel, "advisory");
    });
    it("reports AmazonSageMakerFullAccess unless a Deny guards it", async () => {
        const full = role({ managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"] });
        assertViolations(await runStack(p, [full]), 1, "AmazonSageMakerFullAccess");
        const kmsActions = [...new Set([...OUTPUT_KMS_GUARDED_ACTIONS, ...VOLUME_KMS_GUARDED_ACTIONS])];
        const denyAllNoVpc = { Effect: "Deny", Action: [...VPC_GUARDED_ACTIONS], Resource: "*", Condition: { Null: { "sagemaker:VpcSubnets": "true" } } };
        const denyAllNoKms = { Effect: "Deny", Action: kmsActions, Resource: "*", Condition: { Null: { "sagemaker:VolumeKmsKey": "true" } } };
        assertOutcome(await runStack(p, [full, inline(denyNoVpc, denyNoKms)]), "non-compliant");
        assertOutcome(await runStack(p, [full, inline(denyAllNoVpc, denyAllNoKms)]), "compliant");
    });
    it("reads managed policies in the stack through RolePolicyAttachment", async () => {
        const pol: TestResource = {
            type: T.policy,
            name: "train-policy",
            props: { arn: `arn:aws:iam::${ACCOUNT}:policy/train`, policy: doc(allowTrain, denyNoKms) },
        };
        const att: TestResource = { type: T.attachment, name: "att", props: { role: "pipeline-role", policyArn: `arn:aws:iam::${ACCOUNT}:policy/train` } };
        assertViolations(await runStack(p, [role(), pol, att]), 1, "no sagemaker:VpcSubnets guard on CreateTrainingJob.");
    });
    it("asks for a guard only on keys the call carries (a transform job has no VPC key)", async () => {
        const transform = { Effect: "Allow", Action: "sagemaker:CreateTransformJob", Resource: "*" };
        const r = await runStack(p, [role(), inline(transform, denyNoKms)]);
        assertOutcome(r, "compliant");
    });
    it("ignores roles not trusted by SageMaker and roles that cannot create jobs (missing values)", async () => {
        const lambda = {
            type: T.role,
            name: "fn",
            props: { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }) },
        };
        assertOutcome(await runStack(p, [lambda, role()]), "compliant");
    });
    it("surfaces an unknown trust policy the way the SDK does", async () => {
        assertUnknown(await runStack(p, [role({ assumeRolePolicy: UNKNOWN.string })]), "assumeRolePolicy");
    });
});

describe("aws-iam-policy-disallow-service-full-access", () => {
    const p = iamPolicyDisallowServiceFullAccess;
    const s3All = { Sid: "S3", Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" };

    it("passes named actions and action prefixes narrower than a whole service", async () => {
        assertOutcome(await check(p, T.policy, { policy: doc(readLogs, { Effect: "Allow", Action: "s3:Get*", Resource: "*" }) }), "compliant");
    });
    it("reports <service>:* and * on any resource, in every kind of permission document", async () => {
        assertViolations(await check(p, T.policy, { policy: doc(s3All) }), 1, "statement S3 allows full access with s3:*");
        assertViolations(
            await check(p, T.rolePolicy, { role: "r", policy: doc({ Effect: "Allow", Action: ["logs:PutLogEvents", "KMS:*"], Resource: "*" }) }),
            1,
            "KMS:*",
        );
        assertViolations(await check(p, T.role, { assumeRolePolicy: "{}", inlinePolicies: [{ name: "w", policy: doc(s3All) }] }), 1, "inlinePolicies[0] (w)");
        assertViolations(
            await check(p, "aws:iam/userPolicy:UserPolicy", { user: "u", policy: doc({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }) }),
            1,
            "with *",
        );
        assertViolations(
            await check(p, "aws:iam/groupPolicy:GroupPolicy", { group: "g", policy: doc({ Effect: "Allow", Action: "sagemaker:*", Resource: "*" }) }),
            1,
            "sagemaker:*",
        );
    });
    it("does not report a Deny of s3:* (the TLS guard's shape)", async () => {
        assertOutcome(await check(p, T.policy, { policy: doc({ Effect: "Deny", Action: "s3:*", Resource: "*" }) }), "compliant");
    });
    it("passes a role without inline policies (missing value)", async () => {
        assertOutcome(await check(p, T.role, { assumeRolePolicy: "{}" }), "compliant");
    });
    it("surfaces an unknown document the way the SDK does", async () => {
        assertUnknown(await check(p, T.rolePolicy, { role: "r", policy: UNKNOWN.string }), "policy");
    });
});

describe("aws-iam-policy-disallow-blocked-kms-actions", () => {
    const p = iamPolicyDisallowBlockedKmsActions;
    const KEY = "arn:aws:kms:us-east-1:111122223333:key/k";

    it("passes kms:Decrypt on named keys, and other KMS actions on *", async () => {
        assertOutcome(await check(p, T.policy, { policy: doc({ Effect: "Allow", Action: ["kms:Decrypt", "kms:ReEncryptFrom"], Resource: KEY }) }), "compliant");
        assertOutcome(await check(p, T.policy, { policy: doc({ Effect: "Allow", Action: "kms:ListAliases", Resource: "*" }) }), "compliant");
    });
    it("reports kms:Decrypt or kms:ReEncryptFrom on *, by name or by wildcard, in customer and inline policies", async () => {
        assertViolations(
            await check(p, T.policy, { policy: doc({ Sid: "D", Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }) }),
            1,
            "statement D allows kms:Decrypt on all KMS keys",
        );
        assertViolations(
            await check(p, T.rolePolicy, { role: "r", policy: doc({ Effect: "Allow", Action: "kms:ReEncrypt*", Resource: ["*"] }) }),
            1,
            "kms:ReEncryptFrom",
        );
        assertViolations(
            await check(p, T.role, {
                assumeRolePolicy: "{}",
                inlinePolicies: [
                    {
                        policy: doc({
                            Effect: "Allow",
                            Action: "kms:*",
                            Resource: "*",
                            Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
                        }),
                    },
                ],
            }),
            1,
            "kms:Decrypt, kms:ReEncryptFrom",
        );
    });
    it("follows the configured list, and does not read key policies", async () => {
        assertOutcome(
            await check(
                p,
                T.policy,
                { policy: doc({ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }) },
                { blockedActions: ["kms:ScheduleKeyDeletion"] },
            ),
            "compliant",
        );
        assertNotApplicable(
            await check(p, "aws:kms/key:Key", {
                policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }),
            }),
            "aws:iam/policy:Policy",
        );
    });
    it("passes a policy without statements (missing value)", async () => {
        assertOutcome(await check(p, T.policy, { policy: "{}" }), "compliant");
    });
    it("surfaces an unknown document the way the SDK does", async () => {
        assertUnknown(await check(p, T.policy, { policy: UNKNOWN.string }), "policy");
    });
});

describe("aws-iam-policyattachment-disallow-admin-managed-policies", () => {
    const p = iamPolicyAttachmentDisallowAdminManagedPolicies;
    const managed = (name: string, partition = "aws") => `arn:${partition}:iam::aws:policy/${name}`;

    it("passes service-role and customer-managed policies", async () => {
        assertOutcome(await check(p, T.attachment, { role: "r", policyArn: managed("service-role/AWS_ConfigRole") }), "compliant");
        assertOutcome(
            await check(p, T.role, { assumeRolePolicy: "{}", managedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess`] }),
            "compliant",
        );
    });
    it("reports admin-class policies through every attachment form and partition", async () => {
        assertViolations(
            await check(p, T.attachment, { role: "r", policyArn: managed("AdministratorAccess") }),
            1,
            "policyArn attaches the AWS-managed administrator-class policy AdministratorAccess",
        );
        assertViolations(
            await check(p, "aws:iam/userPolicyAttachment:UserPolicyAttachment", { user: "u", policyArn: managed("PowerUserAccess", "aws-us-gov") }),
            1,
            "PowerUserAccess",
        );
        assertViolations(
            await check(p, "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", { group: "g", policyArn: managed("IAMFullAccess") }),
            1,
            "IAMFullAccess",
        );
        assertViolations(
            await check(p, "aws:iam/policyAttachment:PolicyAttachment", { roles: ["r"], policyArn: managed("job-function/SystemAdministrator") }),
            1,
            "SystemAdministrator",
        );
        assertViolations(
            await check(p, "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", {
                roleName: "r",
                policyArns: [managed("ReadOnlyAccess"), managed("AdministratorAccess")],
            }),
            1,
            "policyArns[1]",
        );
        assertViolations(await check(p, T.role, { assumeRolePolicy: "{}", managedPolicyArns: [managed("AdministratorAccess")] }), 1, "managedPolicyArns[0]");
    });
    it("passes a role without managedPolicyArns (missing value)", async () => {
        assertOutcome(await check(p, T.role, { assumeRolePolicy: "{}" }), "compliant");
    });
    it("surfaces an unknown ARN the way the SDK does, and still reports the known ones", async () => {
        assertUnknown(await check(p, T.attachment, { role: "r", policyArn: UNKNOWN.string }), "policyArn");
        const mixed = await check(p, T.role, { assumeRolePolicy: "{}", managedPolicyArns: [UNKNOWN.string, managed("AdministratorAccess")] });
        assertViolations(mixed, 1, "managedPolicyArns[1]");
        assert.ok(mixed.previewDiagnostics.some((d) => d.includes("managedPolicyArns[0]")));
    });
});
