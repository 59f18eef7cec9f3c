import * as assert from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import * as pulumi from "@pulumi/pulumi";
import { LOCAL_NVME_FAMILIES } from "../../components/lib";
import {
    HomeEfsRetention,
    IDLE_SHUTDOWN_WATCHER,
    idleShutdownScript,
    StudioDomain,
    StudioDomainArgs,
    validateStudioDomainArgs,
} from "../../components/sagemaker";
import { mocks, parseJson, settle, statement, statements, useMocks } from "../helpers/pulumi";
import { denyingSids } from "./iamEval";

const ACCOUNT = "111122223333";
const ML_KEY = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-4333-a444-555555555555";
const LAKE_KEY = "arn:aws:kms:us-east-1:111122223333:key/66666666-7777-4888-a999-000000000000";
const RAW = "arn:aws:s3:::lake-raw";
const PROCESSED = "arn:aws:s3:::lake-processed";
const ANALYTICS = "arn:aws:s3:::lake-analytics";

function happyArgs(): StudioDomainArgs {
    return {
        vpcId: "vpc-0123456789abcdef0",
        subnetIds: ["subnet-aaaaaaaaaaaaaaaaa", "subnet-bbbbbbbbbbbbbbbbb"],
        securityGroupIds: ["sg-ccccccccccccccccc"],
        kmsKeyArn: ML_KEY,
        lakeKmsKeyArn: LAKE_KEY,
        personas: [
            {
                name: "data-scientist",
                lakeBucketArns: [PROCESSED, ANALYTICS],
                writableLakeBucketArns: [ANALYTICS],
                allowedInstanceTypes: ["ml.t3.medium", "ml.m5.*", "ml.g5.xlarge"],
            },
            {
                name: "ml-engineer",
                lakeBucketArns: [PROCESSED, ANALYTICS],
                writableLakeBucketArns: [PROCESSED, ANALYTICS],
                allowedInstanceTypes: ["ml.t3.*", "ml.m5.*", "ml.trn1.*"],
                jupyterLabInstanceType: "ml.m5.large",
            },
        ],
    };
}

async function build(args: Partial<StudioDomainArgs> = {}, opts?: pulumi.ComponentResourceOptions) {
    const d = new StudioDomain("studio", { ...happyArgs(), ...args }, opts);
    await settle();
    return d;
}

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const DOMAIN = "aws:sagemaker/domain:Domain";
const PROFILE = "aws:sagemaker/userProfile:UserProfile";
const LCC = "aws:sagemaker/studioLifecycleConfig:StudioLifecycleConfig";
const NOTEBOOK = "aws:sagemaker/notebookInstance:NotebookInstance";

/** Every value of a statement's Resource, as a list. */
function resources(s: any): string[] {
    return Array.isArray(s.Resource) ? s.Resource : [s.Resource];
}

describe("StudioDomain", () => {
    beforeEach(() => useMocks());

    it("creates a VPC-only, IAM-authenticated domain with the EFS key, tag propagation and a retained home volume", async () => {
        await build();
        const domain = mocks.get(DOMAIN, "studio-domain").inputs;
        assert.strictEqual(domain.appNetworkAccessType, "VpcOnly");
        assert.strictEqual(domain.authMode, "IAM");
        assert.strictEqual(domain.vpcId, "vpc-0123456789abcdef0");
        assert.deepStrictEqual(domain.subnetIds, ["subnet-aaaaaaaaaaaaaaaaa", "subnet-bbbbbbbbbbbbbbbbb"]);
        assert.strictEqual(domain.kmsKeyId, ML_KEY);
        assert.strictEqual(domain.tagPropagation, "ENABLED");
        assert.deepStrictEqual(domain.retentionPolicy, { homeEfsFileSystem: "Retain" });
        assert.strictEqual(domain.domainName, "studio");
        assert.deepStrictEqual(domain.domainSettings.securityGroupIds, ["sg-ccccccccccccccccc"]);
        assert.strictEqual(domain.domainSettings.executionRoleIdentityConfig, "USER_PROFILE_NAME");
        assert.strictEqual(domain.domainSettings.dockerSettings.enableDockerAccess, "DISABLED");
    });

    it("deletes the home volume with the domain only when asked", async () => {
        await build({ homeEfsRetention: HomeEfsRetention.Delete });
        assert.deepStrictEqual(mocks.get(DOMAIN, "studio-domain").inputs.retentionPolicy, { homeEfsFileSystem: "Delete" });
    });

    it("gives the domain a default role with no permissions, and disables notebook output sharing", async () => {
        await build();
        const defaultRole = mocks.get(ROLE, "studio-default");
        const settings = mocks.get(DOMAIN, "studio-domain").inputs.defaultUserSettings;
        assert.strictEqual(settings.executionRole, defaultRole.outputs.arn);
        assert.deepStrictEqual(settings.sharingSettings, { notebookOutputOption: "Disabled" });
        assert.deepStrictEqual(settings.securityGroups, ["sg-ccccccccccccccccc"]);
        assert.strictEqual(settings.studioWebPortal, "ENABLED");
        assert.strictEqual(settings.defaultLandingUri, "studio::");
        assert.deepStrictEqual(settings.studioWebPortalSettings.hiddenAppTypes, ["JupyterServer", "KernelGateway", "CodeEditor", "RStudioServerPro", "Canvas"]);
        const attached = mocks.ofType(ROLE_POLICY).filter((p) => p.inputs.role === defaultRole.outputs.name);
        assert.deepStrictEqual(attached, [], "the default role has no policy");
    });

    it("stops idle JupyterLab apps with a lifecycle script and with built-in idle shutdown users can't extend", async () => {
        await build({ idleTimeoutMinutes: 90 });
        const lcc = mocks.get(LCC, "studio-idle-shutdown");
        assert.strictEqual(lcc.inputs.studioLifecycleConfigAppType, "JupyterLab");
        assert.strictEqual(lcc.inputs.studioLifecycleConfigName, "studio-idle-shutdown");
        const script = Buffer.from(lcc.inputs.studioLifecycleConfigContent, "base64").toString("utf8");
        assert.ok(script.startsWith("#!/bin/bash\n"));
        assert.match(script, /^IDLE_MINUTES=90$/m);
        assert.ok(script.includes(`<<'PYTHON'\n${IDLE_SHUTDOWN_WATCHER}PYTHON\n`), "the watcher is written verbatim by a quoted heredoc");
        assert.match(script, /^nohup "\$PYTHON_BIN" "\$WATCH_DIR\/watch.py" "\$IDLE_MINUTES"/m);

        const jl = mocks.get(DOMAIN, "studio-domain").inputs.defaultUserSettings.jupyterLabAppSettings;
        assert.deepStrictEqual(jl.lifecycleConfigArns, [lcc.outputs.arn]);
        assert.strictEqual(jl.defaultResourceSpec.lifecycleConfigArn, lcc.outputs.arn);
        assert.deepStrictEqual(jl.appLifecycleManagement.idleSettings, {
            lifecycleManagement: "ENABLED",
            idleTimeoutInMinutes: 90,
            minIdleTimeoutInMinutes: 60,
            maxIdleTimeoutInMinutes: 90,
        });
    });

    it("ships a lifecycle script that bash and Python both parse", () => {
        const dir = mkdtempSync(join(tmpdir(), "idle-"));
        writeFileSync(join(dir, "on-start.sh"), idleShutdownScript(60));
        writeFileSync(join(dir, "watch.py"), IDLE_SHUTDOWN_WATCHER);
        const bash = spawnSync("bash", ["-n", join(dir, "on-start.sh")], { encoding: "utf8" });
        assert.strictEqual(bash.status, 0, bash.stderr);
        const py = spawnSync("python3", ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", join(dir, "watch.py")], { encoding: "utf8" });
        assert.strictEqual(py.status, 0, py.stderr);
        assert.match(IDLE_SHUTDOWN_WATCHER, /\.delete_app\(/);
        assert.match(IDLE_SHUTDOWN_WATCHER, /http:\/\/127\.0\.0\.1:8888\/jupyterlab\/default\/api\//);
    });

    it("creates one user profile per persona with its own role, sharing disabled and the idle script", async () => {
        await build();
        const lccArn = mocks.get(LCC, "studio-idle-shutdown").outputs.arn;
        const domainId = mocks.get(DOMAIN, "studio-domain").id;
        for (const [persona, type] of [
            ["data-scientist", "ml.t3.medium"],
            ["ml-engineer", "ml.m5.large"],
        ]) {
            const profile = mocks.get(PROFILE, `studio-${persona}`).inputs;
            assert.strictEqual(profile.domainId, domainId);
            assert.strictEqual(profile.userProfileName, persona);
            const s = profile.userSettings;
            assert.strictEqual(s.executionRole, mocks.get(ROLE, `studio-${persona}`).outputs.arn);
            assert.deepStrictEqual(s.sharingSettings, { notebookOutputOption: "Disabled" });
            assert.deepStrictEqual(s.securityGroups, ["sg-ccccccccccccccccc"]);
            assert.strictEqual(s.jupyterLabAppSettings.defaultResourceSpec.instanceType, type);
            assert.strictEqual(s.jupyterLabAppSettings.defaultResourceSpec.lifecycleConfigArn, lccArn);
            assert.deepStrictEqual(s.jupyterLabAppSettings.lifecycleConfigArns, [lccArn]);
        }
    });

    it("lets only SageMaker in this account assume the roles, stamping the user profile as source identity", async () => {
        await build();
        for (const name of ["studio-default", "studio-data-scientist", "studio-ml-engineer"]) {
            const [trust] = statements(mocks.get(ROLE, name), "assumeRolePolicy");
            assert.strictEqual(trust.Effect, "Allow");
            assert.deepStrictEqual(trust.Principal, { Service: "sagemaker.amazonaws.com" });
            assert.deepStrictEqual(trust.Action, ["sts:AssumeRole", "sts:SetSourceIdentity"]);
            assert.deepStrictEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
        }
    });

    describe("persona guard-rails", () => {
        function guardrails(persona = "data-scientist"): any[] {
            return statements(mocks.get(ROLE_POLICY, `studio-${persona}-guardrails`));
        }
        const jobActions = ["sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob", "sagemaker:CreateHyperParameterTuningJob"];
        const compliant = {
            "sagemaker:VpcSubnets": ["subnet-aaaaaaaaaaaaaaaaa"],
            "sagemaker:VpcSecurityGroupIds": ["sg-ccccccccccccccccc"],
            "sagemaker:OutputKmsKey": LAKE_KEY,
            "sagemaker:VolumeKmsKey": ML_KEY,
            "sagemaker:InterContainerTrafficEncryption": true,
            "sagemaker:InstanceTypes": ["ml.m5.xlarge"],
        };

        it("attaches the guard-rails to the persona's own role", async () => {
            await build();
            for (const persona of ["data-scientist", "ml-engineer"]) {
                const policy = mocks.get(ROLE_POLICY, `studio-${persona}-guardrails`);
                assert.strictEqual(policy.inputs.role, mocks.get(ROLE, `studio-${persona}`).outputs.name);
            }
        });

        it("requires subnets and security groups in separate statements, on the actions that carry them", async () => {
            await build();
            const stmts = guardrails();
            const subnets = statement(stmts, "DenyWithoutVpcSubnets");
            const groups = statement(stmts, "DenyWithoutVpcSecurityGroups");
            const vpcActions = [...jobActions, "sagemaker:CreateModel", "sagemaker:CreateNotebookInstance"];
            assert.deepStrictEqual([...subnets.Action].sort(), [...vpcActions].sort());
            assert.deepStrictEqual([...groups.Action].sort(), [...vpcActions].sort());
            assert.deepStrictEqual(subnets.Condition, { Null: { "sagemaker:VpcSubnets": "true" } });
            assert.deepStrictEqual(groups.Condition, { Null: { "sagemaker:VpcSecurityGroupIds": "true" } });
            // Transform jobs carry no VPC keys (they inherit the model's); a Null deny would block them all.
            assert.ok(!subnets.Action.includes("sagemaker:CreateTransformJob"));
            // A request missing only one of the two is still denied.
            const { ["sagemaker:VpcSecurityGroupIds"]: _dropped, ...noGroups } = compliant;
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateTrainingJob", noGroups), ["DenyWithoutVpcSecurityGroups"]);
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateTrainingJob", compliant), []);
        });

        it("requires an output key on every job type, and inter-container encryption where it applies", async () => {
            await build();
            const stmts = guardrails();
            const output = statement(stmts, "DenyWithoutOutputKmsKey");
            assert.deepStrictEqual([...output.Action].sort(), [...jobActions, "sagemaker:CreateTransformJob"].sort());
            assert.deepStrictEqual(output.Condition, { Null: { "sagemaker:OutputKmsKey": "true" } });
            const ice = statement(stmts, "DenyWithoutInterContainerEncryption");
            assert.deepStrictEqual([...ice.Action].sort(), [...jobActions].sort());
            assert.deepStrictEqual(ice.Condition, { BoolIfExists: { "sagemaker:InterContainerTrafficEncryption": "false" } });
            const { ["sagemaker:InterContainerTrafficEncryption"]: _omitted, ...omitted } = compliant;
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateProcessingJob", omitted), ["DenyWithoutInterContainerEncryption"]);
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateProcessingJob", { ...compliant, "sagemaker:InterContainerTrafficEncryption": false }), [
                "DenyWithoutInterContainerEncryption",
            ]);
        });

        it("requires a volume key only for instance types without local NVMe storage", async () => {
            await build();
            const stmts = guardrails("ml-engineer");
            const vol = statement(stmts, "DenyEbsBackedWithoutVolumeKmsKey");
            assert.strictEqual(vol.Condition.Null["sagemaker:VolumeKmsKey"], "true");
            const nvme = vol.Condition["ForAnyValue:StringNotLike"]["sagemaker:InstanceTypes"];
            assert.deepStrictEqual(
                nvme,
                LOCAL_NVME_FAMILIES.map((f) => `ml.${f}.*`),
            );
            assert.ok(vol.Action.includes("sagemaker:CreateTransformJob") && vol.Action.includes("sagemaker:CreateEndpointConfig"));

            const { ["sagemaker:VolumeKmsKey"]: _none, ...noVolumeKey } = compliant;
            // Only this rule: the allow-list is a separate statement with its own test.
            const deny = (types: string[]) => denyingSids([vol], "sagemaker:CreateTrainingJob", { ...noVolumeKey, "sagemaker:InstanceTypes": types });
            assert.deepStrictEqual(deny(["ml.trn1.2xlarge"]), [], "Trainium has local NVMe: no key, and none required");
            assert.deepStrictEqual(deny(["ml.trn1n.32xlarge"]), []);
            assert.deepStrictEqual(deny(["ml.p4d.24xlarge"]), []);
            assert.deepStrictEqual(deny(["ml.m5.xlarge"]), ["DenyEbsBackedWithoutVolumeKmsKey"], "EBS-backed types need the key");
            assert.deepStrictEqual(deny(["ml.trn1.32xlarge", "ml.m5.xlarge"]), ["DenyEbsBackedWithoutVolumeKmsKey"], "one EBS-backed type is enough");
            assert.deepStrictEqual(denyingSids([vol], "sagemaker:CreateTrainingJob", { ...compliant, "sagemaker:InstanceTypes": ["ml.m5.xlarge"] }), []);
            assert.deepStrictEqual(denyingSids([vol], "sagemaker:CreateEndpointConfig", {}), [], "no instance type (serverless): not this rule's business");
        });

        it("always requires a volume key, no root access and no direct internet for notebook instances", async () => {
            await build();
            const stmts = guardrails();
            assert.deepStrictEqual(statement(stmts, "DenyNotebookInstanceWithoutVolumeKmsKey").Condition, { Null: { "sagemaker:VolumeKmsKey": "true" } });
            const nb = {
                "sagemaker:VpcSubnets": ["subnet-aaaaaaaaaaaaaaaaa"],
                "sagemaker:VpcSecurityGroupIds": ["sg-ccccccccccccccccc"],
                "sagemaker:VolumeKmsKey": ML_KEY,
                "sagemaker:InstanceTypes": ["ml.t3.medium"],
                "sagemaker:RootAccess": "Disabled",
                "sagemaker:DirectInternetAccess": "Disabled",
            };
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateNotebookInstance", nb), []);
            const { ["sagemaker:RootAccess"]: _r, ...rootDefault } = nb;
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateNotebookInstance", rootDefault), ["DenyNotebookInstanceRootAccess"]);
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateNotebookInstance", { ...nb, "sagemaker:DirectInternetAccess": "Enabled" }), [
                "DenyNotebookInstanceDirectInternet",
            ]);
            const { ["sagemaker:VolumeKmsKey"]: _v, ...noKey } = nb;
            assert.deepStrictEqual(denyingSids(stmts, "sagemaker:CreateNotebookInstance", { ...noKey, "sagemaker:InstanceTypes": ["ml.g5.xlarge"] }), [
                "DenyNotebookInstanceWithoutVolumeKmsKey",
            ]);
        });

        it("limits instance types to the persona's allow-list, Studio apps included", async () => {
            await build();
            const stmts = guardrails("data-scientist");
            const list = statement(stmts, "DenyInstanceTypesOutsideAllowList");
            assert.deepStrictEqual(list.Condition, { "ForAnyValue:StringNotLike": { "sagemaker:InstanceTypes": ["ml.t3.medium", "ml.m5.*", "ml.g5.xlarge"] } });
            assert.ok(list.Action.includes("sagemaker:CreateApp"));
            const app = (type: string) => denyingSids(stmts, "sagemaker:CreateApp", { "sagemaker:InstanceTypes": [type] });
            assert.deepStrictEqual(app("ml.t3.medium"), []);
            assert.deepStrictEqual(app("ml.m5.4xlarge"), []);
            assert.deepStrictEqual(app("ml.p4d.24xlarge"), ["DenyInstanceTypesOutsideAllowList"]);
            assert.deepStrictEqual(
                denyingSids(statements(mocks.get(ROLE_POLICY, "studio-ml-engineer-guardrails")), "sagemaker:CreateTrainingJob", {
                    ...compliant,
                    "sagemaker:InstanceTypes": ["ml.trn1.32xlarge"],
                }),
                [],
                "the ML engineer may train on Trainium",
            );
        });
    });

    describe("persona access", () => {
        function access(persona: string): any[] {
            return statements(mocks.get(ROLE_POLICY, `studio-${persona}-access`));
        }

        it("reads only the persona's lake layers and writes only its writable ones", async () => {
            await build();
            const ds = access("data-scientist");
            assert.deepStrictEqual(statement(ds, "ListLakeLayers").Resource, [PROCESSED, ANALYTICS]);
            assert.deepStrictEqual(statement(ds, "ReadLakeLayers").Resource, [`${PROCESSED}/*`, `${ANALYTICS}/*`]);
            assert.deepStrictEqual(statement(ds, "WriteLakeLayers").Resource, [`${ANALYTICS}/*`]);
            assert.deepStrictEqual(statement(ds, "WriteLakeLayers").Action, ["s3:PutObject", "s3:AbortMultipartUpload"]);
            assert.deepStrictEqual(statement(access("ml-engineer"), "WriteLakeLayers").Resource, [`${PROCESSED}/*`, `${ANALYTICS}/*`]);
            for (const persona of ["data-scientist", "ml-engineer"]) {
                for (const s of access(persona)) {
                    assert.ok(!resources(s).some((r) => r.startsWith(RAW)), `${persona} ${s.Sid} must not reach the raw layer`);
                    const actions: string[] = Array.isArray(s.Action) ? s.Action : [s.Action];
                    assert.ok(!actions.some((a) => a === "*" || a.endsWith(":*")), `${s.Sid} has no wildcard action`);
                }
            }
        });

        it("has no S3 statements at all for a persona with no lake layers", async () => {
            await build({ personas: [{ name: "auditor", lakeBucketArns: [], allowedInstanceTypes: ["ml.t3.medium"] }] });
            const sids = access("auditor").map((s) => s.Sid);
            for (const sid of ["ListLakeLayers", "ReadLakeLayers", "WriteLakeLayers", "DecryptLakeThroughS3", "EncryptLakeThroughS3"]) {
                assert.ok(!sids.includes(sid), sid);
            }
        });

        it("uses the keys only through S3 and SageMaker, and grants only for AWS resources", async () => {
            await build();
            const ds = access("data-scientist");
            const lakeRead = statement(ds, "DecryptLakeThroughS3");
            assert.strictEqual(lakeRead.Resource, LAKE_KEY);
            assert.deepStrictEqual(lakeRead.Condition, { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
            assert.deepStrictEqual(statement(ds, "EncryptLakeThroughS3").Condition, { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
            const ml = statement(ds, "UseMlKeyThroughSageMaker");
            assert.strictEqual(ml.Resource, ML_KEY);
            assert.deepStrictEqual(ml.Condition, { StringEquals: { "kms:ViaService": ["sagemaker.us-east-1.amazonaws.com", "s3.us-east-1.amazonaws.com"] } });
            const grant = statement(ds, "GrantMlKeyToSageMakerVolumes");
            assert.strictEqual(grant.Action, "kms:CreateGrant");
            assert.deepStrictEqual(grant.Condition, { Bool: { "kms:GrantIsForAWSResource": "true" } });
            const kmsStatements = ds.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("kms:")));
            assert.ok(
                kmsStatements.every((s) => s.Condition !== undefined),
                "no unconditioned key use",
            );
        });

        it("passes only its own role, only to SageMaker, and manages only its domain's spaces and apps", async () => {
            await build();
            const ds = access("data-scientist");
            const pass = statement(ds, "PassOwnRoleToSageMaker");
            assert.strictEqual(pass.Resource, mocks.get(ROLE, "studio-data-scientist").outputs.arn);
            assert.deepStrictEqual(pass.Condition, { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } });
            const domainId = mocks.get(DOMAIN, "studio-domain").id;
            const apps = statement(ds, "StudioSpacesAndApps");
            assert.deepStrictEqual(apps.Resource, [
                `arn:aws:sagemaker:us-east-1:${ACCOUNT}:space/${domainId}/*`,
                `arn:aws:sagemaker:us-east-1:${ACCOUNT}:app/${domainId}/*`,
            ]);
            assert.ok(apps.Action.includes("sagemaker:DeleteApp"), "the idle-shutdown script deletes its own app");
            assert.deepStrictEqual(statement(ds, "StudioDomain").Resource[0], mocks.get(DOMAIN, "studio-domain").outputs.arn);
        });

        it("places job network interfaces only in the domain's subnets and security groups", async () => {
            await build();
            const ds = access("data-scientist");
            assert.deepStrictEqual(statement(ds, "CreateInterfacesInPlatformSubnets").Resource, [
                `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-aaaaaaaaaaaaaaaaa`,
                `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-bbbbbbbbbbbbbbbbb`,
                `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-ccccccccccccccccc`,
                `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/*`,
            ]);
            assert.deepStrictEqual(statement(ds, "ManageInterfacesInPlatformSubnets").Condition, {
                ArnEquals: {
                    "ec2:Subnet": [
                        `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-aaaaaaaaaaaaaaaaa`,
                        `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-bbbbbbbbbbbbbbbbb`,
                    ],
                },
            });
        });

        it("keeps each role's inline policies within IAM's 10,240-character limit", async () => {
            await build();
            for (const persona of ["data-scientist", "ml-engineer"]) {
                const roleName = mocks.get(ROLE, `studio-${persona}`).outputs.name;
                const total = mocks
                    .ofType(ROLE_POLICY)
                    .filter((p) => p.inputs.role === roleName)
                    .reduce((n, p) => n + JSON.stringify(parseJson(p.inputs.policy)).replace(/\s/g, "").length, 0);
                assert.ok(total > 0 && total <= 10240, `${persona}: ${total} characters`);
            }
        });
    });

    it("creates locked-down notebook instances when asked", async () => {
        await build({ notebookInstances: [{ name: "sandbox", persona: "data-scientist" }] });
        const nb = mocks.get(NOTEBOOK, "studio-nb-sandbox").inputs;
        assert.strictEqual(nb.directInternetAccess, "Disabled");
        assert.strictEqual(nb.rootAccess, "Disabled");
        assert.strictEqual(nb.kmsKeyId, ML_KEY);
        assert.strictEqual(nb.subnetId, "subnet-aaaaaaaaaaaaaaaaa");
        assert.deepStrictEqual(nb.securityGroups, ["sg-ccccccccccccccccc"]);
        assert.deepStrictEqual(nb.instanceMetadataServiceConfiguration, { minimumInstanceMetadataServiceVersion: "2" });
        assert.strictEqual(nb.roleArn, mocks.get(ROLE, "studio-data-scientist").outputs.arn);
        assert.strictEqual(nb.instanceType, "ml.t3.medium");
    });

    it("creates no notebook instance by default", async () => {
        await build();
        assert.deepStrictEqual(mocks.ofType(NOTEBOOK), []);
    });

    it("protects and retains the domain and notebooks by default, and not when protect is false", async () => {
        const seen: Record<string, { protect?: boolean; retainOnDelete?: boolean }> = {};
        const record: pulumi.ResourceTransformation = (a) => {
            seen[a.name] = { protect: a.opts.protect, retainOnDelete: a.opts.retainOnDelete };
            return undefined;
        };
        await build({ notebookInstances: [{ name: "sandbox", persona: "ml-engineer", instanceType: "ml.t3.large" }] }, { transformations: [record] });
        assert.deepStrictEqual(seen["studio-domain"], { protect: true, retainOnDelete: true });
        assert.deepStrictEqual(seen["studio-nb-sandbox"], { protect: true, retainOnDelete: true });
        assert.notStrictEqual(seen["studio-idle-shutdown"].protect, true, "a lifecycle script holds no data");
        useMocks();
        await build(
            { protect: false, notebookInstances: [{ name: "sandbox", persona: "ml-engineer", instanceType: "ml.t3.large" }] },
            { transformations: [record] },
        );
        assert.deepStrictEqual(seen["studio-domain"], { protect: false, retainOnDelete: false });
        assert.deepStrictEqual(seen["studio-nb-sandbox"], { protect: false, retainOnDelete: false });
    });

    it("tags every taggable child", async () => {
        const tags = { project: "ml-platform", environment: "test" };
        await build({ tags, notebookInstances: [{ name: "sandbox", persona: "data-scientist" }] });
        for (const r of [...mocks.ofType(DOMAIN), ...mocks.ofType(ROLE), ...mocks.ofType(PROFILE), ...mocks.ofType(LCC), ...mocks.ofType(NOTEBOOK)]) {
            assert.deepStrictEqual(r.inputs.tags, tags, `${r.type} ${r.name}`);
        }
    });

    describe("validation", () => {
        const cases: [string, (a: StudioDomainArgs) => void, RegExp][] = [
            ["no subnets", (a) => (a.subnetIds = []), /"StudioDomain\.subnetIds": expected at least one private subnet id/],
            ["no security group", (a) => (a.securityGroupIds = []), /"StudioDomain\.securityGroupIds": expected at least one security group id/],
            ["no VPC", (a) => (a.vpcId = ""), /"StudioDomain\.vpcId"/],
            ["a key that is not a KMS ARN", (a) => (a.kmsKeyArn = "alias/ml"), /"StudioDomain\.kmsKeyArn": expected an ARN of the kms service/],
            ["a lake key that is not a KMS ARN", (a) => (a.lakeKmsKeyArn = RAW), /"StudioDomain\.lakeKmsKeyArn": expected an ARN of the kms service/],
            ["no persona", (a) => (a.personas = []), /"StudioDomain\.personas": expected at least one persona/],
            [
                "a duplicate persona",
                (a) => (a.personas[1].name = "data-scientist"),
                /"StudioDomain\.personas\[1\]\.name": expected a name no other persona uses/,
            ],
            [
                "a persona name with spaces",
                (a) => (a.personas[0].name = "data scientist"),
                /"StudioDomain\.personas\[0\]\.name": expected 1 to 63 letters, digits and hyphens/,
            ],
            [
                "a layer that is not a bucket",
                (a) => (a.personas[0].lakeBucketArns = [ML_KEY]),
                /"StudioDomain\.personas\[0\]\.lakeBucketArns\[0\]": expected an ARN of the s3 service/,
            ],
            [
                "a writable layer it can't read",
                (a) => (a.personas[0].writableLakeBucketArns = [RAW]),
                /"StudioDomain\.personas\[0\]\.writableLakeBucketArns\[0\]": expected one of the persona's lakeBucketArns/,
            ],
            [
                "no instance types",
                (a) => (a.personas[0].allowedInstanceTypes = []),
                /"StudioDomain\.personas\[0\]\.allowedInstanceTypes": expected at least one instance type/,
            ],
            [
                "a malformed instance type",
                (a) => (a.personas[0].allowedInstanceTypes = ["m5.xlarge"]),
                /"StudioDomain\.personas\[0\]\.allowedInstanceTypes\[0\]": expected an instance type \("ml\.m5\.xlarge"\) or a family/,
            ],
            [
                "a JupyterLab type off the allow-list",
                (a) => (a.personas[0].jupyterLabInstanceType = "ml.g5.2xlarge"),
                /"StudioDomain\.personas\[0\]\.jupyterLabInstanceType": expected an instance type on the persona's allowedInstanceTypes .* its guard-rail denies starting JupyterLab, got "ml\.g5\.2xlarge"/,
            ],
            [
                "an idle timeout under an hour",
                (a) => (a.idleTimeoutMinutes = 30),
                /"StudioDomain\.idleTimeoutMinutes": expected an integer between 60 and 525600, got 30/,
            ],
            [
                "an unknown retention",
                (a) => (a.homeEfsRetention = "Keep" as HomeEfsRetention),
                /"StudioDomain\.homeEfsRetention": expected one of "Retain", "Delete"/,
            ],
            ["hiding JupyterLab", (a) => (a.hiddenAppTypes = ["JupyterLab"]), /"StudioDomain\.hiddenAppTypes": expected a list that leaves JupyterLab visible/],
            ["an unknown app type", (a) => (a.hiddenAppTypes = ["Excel"]), /"StudioDomain\.hiddenAppTypes\[0\]": expected one of/],
            [
                "a notebook for an unknown persona",
                (a) => (a.notebookInstances = [{ name: "nb", persona: "analyst" }]),
                /"StudioDomain\.notebookInstances\[0\]\.persona": expected the name of a persona \(data-scientist, ml-engineer\)/,
            ],
            [
                "a notebook type off the persona's list",
                (a) => (a.notebookInstances = [{ name: "nb", persona: "data-scientist", instanceType: "ml.c5.xlarge" }]),
                /"StudioDomain\.notebookInstances\[0\]\.instanceType": expected an instance type on persona "data-scientist"'s allowedInstanceTypes/,
            ],
            [
                "a notebook on a training family",
                (a) => (a.notebookInstances = [{ name: "nb", persona: "ml-engineer", instanceType: "ml.trn1.2xlarge" }]),
                /"StudioDomain\.notebookInstances\[0\]\.instanceType": expected a notebook instance type of family t3, m5, c5, g5/,
            ],
            [
                "a tiny notebook volume",
                (a) => (a.notebookInstances = [{ name: "nb", persona: "data-scientist", volumeSizeInGb: 1 }]),
                /"StudioDomain\.notebookInstances\[0\]\.volumeSizeInGb": expected an integer between 5 and 16384/,
            ],
            [
                "two notebooks with one name",
                (a) =>
                    (a.notebookInstances = [
                        { name: "nb", persona: "data-scientist" },
                        { name: "nb", persona: "ml-engineer" },
                    ]),
                /"StudioDomain\.notebookInstances\[1\]\.name": expected a unique name/,
            ],
        ];
        for (const [what, mutate, message] of cases) {
            it(`rejects ${what}`, () => {
                const args = happyArgs();
                mutate(args);
                assert.throws(() => validateStudioDomainArgs(args), message);
            });
        }

        it("accepts the happy path and creates nothing when the arguments are wrong", async () => {
            assert.doesNotThrow(() => validateStudioDomainArgs(happyArgs()));
            assert.throws(() => new StudioDomain("bad", { ...happyArgs(), subnetIds: [] }));
            await settle();
            assert.deepStrictEqual(
                mocks.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.type),
                [],
            );
        });

        it("skips checks on values that are still outputs", () => {
            const args = happyArgs();
            args.kmsKeyArn = pulumi.output("not-known-yet");
            args.personas[0].writableLakeBucketArns = [pulumi.output(RAW)];
            assert.doesNotThrow(() => validateStudioDomainArgs(args));
        });
    });
});
