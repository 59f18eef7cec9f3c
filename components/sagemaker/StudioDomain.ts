import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ArnContext,
    arnContext,
    checkArn,
    checkInteger,
    checkOneOf,
    checkRequired,
    checkSageMakerName,
    dataOptions,
    DLC_REGISTRY_ACCOUNT,
    instanceFamily,
    isKnown,
    NOTEBOOK_FAMILIES,
    parseInstanceType,
    PolicyDocument,
    PolicyStatement,
    policyDocument,
    sagemakerGuardrailStatements,
    sageMakerName,
    toJson,
    ValidationError,
    viaService,
    vpcAccessStatements,
} from "../lib";
import { idleShutdownScript } from "./idleShutdownScript";

/** What happens to the domain's home EFS volume (users' files) when the domain is deleted. */
export enum HomeEfsRetention {
    /** Keep the file system: users' notebooks and data survive a deleted or replaced domain. */
    Retain = "Retain",
    /** Delete the file system with the domain. Only for disposable environments. */
    Delete = "Delete",
}

/** One kind of Studio user (e.g. data scientist, ML engineer): its role, data access and compute. */
export interface StudioPersonaArgs {
    /**
     * Persona name, e.g. `data-scientist`. It names the persona's user profile and execution role:
     * 1 to 63 letters, digits and hyphens.
     */
    name: string;
    /**
     * ARNs of the lake buckets (layers) this persona may read. No other bucket is readable by its role, so a
     * persona cleared for the processed layer can never read raw, unmasked data.
     */
    lakeBucketArns: pulumi.Input<string>[];
    /**
     * ARNs of the lake buckets this persona may also write (a subset of `lakeBucketArns`). Writing is never
     * implied by reading, so a persona can't overwrite a curated layer it only consumes.
     * @default [] (read-only)
     */
    writableLakeBucketArns?: pulumi.Input<string>[];
    /**
     * Instance types (`ml.m5.xlarge`) or whole families (`ml.m5.*`) the persona may request for Studio apps,
     * jobs, models' endpoint configs and notebook instances. Every other type is denied, which caps both cost and
     * the blast radius of a leaked session. Must include `jupyterLabInstanceType`.
     */
    allowedInstanceTypes: string[];
    /**
     * Default instance type of the persona's JupyterLab spaces.
     * @default "ml.t3.medium"
     */
    jupyterLabInstanceType?: string;
}

/** A classic SageMaker notebook instance for one persona, locked down like Studio. */
export interface StudioNotebookInstanceArgs {
    /** Name suffix of the notebook instance (1 to 50 letters, digits and hyphens). */
    name: string;
    /** Name of the persona whose execution role (and instance-type allow-list) the instance uses. */
    persona: string;
    /**
     * Instance type: a notebook family (`ml.t3`, `ml.m5`, `ml.c5`, `ml.g5`) on the persona's allow-list.
     * @default "ml.t3.medium"
     */
    instanceType?: string;
    /**
     * Size of the ML storage volume in GB (5 to 16384), encrypted with `kmsKeyArn`.
     * @default 20
     */
    volumeSizeInGb?: number;
    /**
     * Subnet the instance is placed in; one of the private subnets.
     * @default the first of `subnetIds`
     */
    subnetId?: pulumi.Input<string>;
}

/** Arguments of {@link StudioDomain}. */
export interface StudioDomainArgs {
    /**
     * Domain name, unique in the account and region.
     * @default the component name
     */
    domainName?: string;
    /** VPC of the isolated network. Studio's apps and the home EFS mount targets live in it. */
    vpcId: pulumi.Input<string>;
    /**
     * Private subnets for the domain (`AppNetworkAccessType: VpcOnly`): all Studio traffic, including to AWS APIs,
     * goes through the VPC and its endpoints, never through SageMaker's internet-facing network.
     */
    subnetIds: pulumi.Input<string>[];
    /**
     * Security groups of the domain's apps (the workload security group). They must allow NFS (2049) and all
     * traffic between members of the group, which the home EFS and distributed jobs need.
     */
    securityGroupIds: pulumi.Input<string>[];
    /**
     * Customer-managed KMS key (the ML key) that encrypts the home EFS volume, the spaces' EBS volumes and
     * notebook instance volumes, so data at rest is readable only through grants on a key the platform controls.
     */
    kmsKeyArn: pulumi.Input<string>;
    /** KMS key of the lake buckets, usable by personas only through S3 and only on their lake layers. */
    lakeKmsKeyArn: pulumi.Input<string>;
    /** The personas, each with a user profile and its own least-privilege execution role. At least one. */
    personas: StudioPersonaArgs[];
    /**
     * What happens to the home EFS volume when the domain is deleted.
     * @default HomeEfsRetention.Retain (users' files outlive the domain)
     */
    homeEfsRetention?: HomeEfsRetention;
    /**
     * Minutes of inactivity after which a JupyterLab app is shut down (60 to 525600), by SageMaker's built-in
     * idle shutdown and by the lifecycle script (which also covers images without built-in support). Users can't
     * raise it. Idle GPU and Trainium notebooks are the largest avoidable cost of a Studio domain.
     * @default 60
     */
    idleTimeoutMinutes?: number;
    /**
     * Studio applications hidden from users. The default hides everything but JupyterLab: the hidden apps have
     * no idle-shutdown lifecycle script here, and Canvas and RStudio need extra permissions and network paths.
     * @default ["JupyterServer", "KernelGateway", "CodeEditor", "RStudioServerPro", "Canvas"]
     */
    hiddenAppTypes?: string[];
    /**
     * Classic notebook instances to create, each with direct internet access and root access disabled,
     * IMDSv2 only, its volume encrypted with `kmsKeyArn`, and placed in a private subnet.
     * @default [] (none: Studio is the supported environment)
     */
    notebookInstances?: StudioNotebookInstanceArgs[];
    /**
     * Protect the domain (and its home EFS) and the notebook instances, and retain them on delete, so a
     * `pulumi destroy` or replacement can't remove users' work. Turn off only in disposable dev stacks.
     * @default true
     */
    protect?: boolean;
    /**
     * Tags for every taggable child. With tag propagation on, Studio also copies the domain's tags to the
     * resources users create from it, so cost allocation follows the domain.
     * @default {}
     */
    tags?: { [key: string]: string };
}

const APP_TYPES = [
    "JupyterServer",
    "KernelGateway",
    "CodeEditor",
    "JupyterLab",
    "RStudioServerPro",
    "RSessionGateway",
    "Canvas",
    "DetailedProfiler",
    "TensorBoard",
];
const DEFAULT_HIDDEN_APP_TYPES = ["JupyterServer", "KernelGateway", "CodeEditor", "RStudioServerPro", "Canvas"];
const INSTANCE_TYPE_OR_FAMILY = /^ml\.[a-z0-9]+\.([a-z0-9]+|\*)$/;
const C = "StudioDomain";

/** True when `instanceType` is `pattern`, or in the family `ml.<family>.*` it names. */
export function instanceTypeAllowed(instanceType: string, patterns: readonly string[]): boolean {
    return patterns.some((p) => (p.endsWith(".*") ? instanceType.startsWith(p.slice(0, -1)) : p === instanceType));
}

function checkInstanceType(field: string, value: string): void {
    if (parseInstanceType(value) === undefined) {
        throw new ValidationError(field, 'an instance type such as "ml.t3.medium"', value);
    }
}

/** Checks {@link StudioDomainArgs} before anything is created. */
export function validateStudioDomainArgs(args: StudioDomainArgs): void {
    checkSageMakerName(`${C}.domainName`, args.domainName);
    checkRequired(`${C}.vpcId`, args.vpcId, "the id of the isolated network's VPC");
    checkRequired(`${C}.subnetIds`, args.subnetIds, "at least one private subnet id (the domain is VPC-only)");
    checkRequired(`${C}.securityGroupIds`, args.securityGroupIds, "at least one security group id (VPC-only domains require one)");
    checkRequired(`${C}.kmsKeyArn`, args.kmsKeyArn, "the ARN of the KMS key for the home EFS and app volumes");
    checkArn(`${C}.kmsKeyArn`, args.kmsKeyArn, "kms");
    checkRequired(`${C}.lakeKmsKeyArn`, args.lakeKmsKeyArn, "the ARN of the lake's KMS key");
    checkArn(`${C}.lakeKmsKeyArn`, args.lakeKmsKeyArn, "kms");
    checkOneOf(`${C}.homeEfsRetention`, args.homeEfsRetention, Object.values(HomeEfsRetention));
    checkInteger(`${C}.idleTimeoutMinutes`, args.idleTimeoutMinutes, 60, 525600);
    (args.hiddenAppTypes ?? []).forEach((t, i) => checkOneOf(`${C}.hiddenAppTypes[${i}]`, t, APP_TYPES));
    if ((args.hiddenAppTypes ?? []).includes("JupyterLab")) {
        throw new ValidationError(`${C}.hiddenAppTypes`, "a list that leaves JupyterLab visible (it is the personas' only app)", args.hiddenAppTypes);
    }

    checkRequired(`${C}.personas`, args.personas, "at least one persona");
    const seen = new Set<string>();
    args.personas.forEach((p, i) => {
        const f = `${C}.personas[${i}]`;
        checkRequired(`${f}.name`, p.name, 'a persona name such as "data-scientist"');
        checkSageMakerName(`${f}.name`, p.name);
        if (seen.has(p.name)) {
            throw new ValidationError(`${f}.name`, "a name no other persona uses", p.name);
        }
        seen.add(p.name);
        p.lakeBucketArns.forEach((arn, j) => checkArn(`${f}.lakeBucketArns[${j}]`, arn, "s3"));
        (p.writableLakeBucketArns ?? []).forEach((arn, j) => {
            checkArn(`${f}.writableLakeBucketArns[${j}]`, arn, "s3");
            if (isKnown(arn) && p.lakeBucketArns.every(isKnown) && !p.lakeBucketArns.includes(arn)) {
                throw new ValidationError(`${f}.writableLakeBucketArns[${j}]`, "one of the persona's lakeBucketArns (writing implies reading)", arn);
            }
        });
        checkRequired(`${f}.allowedInstanceTypes`, p.allowedInstanceTypes, 'at least one instance type or family, e.g. "ml.t3.medium" or "ml.m5.*"');
        p.allowedInstanceTypes.forEach((t, j) => {
            if (!INSTANCE_TYPE_OR_FAMILY.test(t)) {
                throw new ValidationError(`${f}.allowedInstanceTypes[${j}]`, 'an instance type ("ml.m5.xlarge") or a family ("ml.m5.*")', t);
            }
        });
        const jl = p.jupyterLabInstanceType ?? "ml.t3.medium";
        checkInstanceType(`${f}.jupyterLabInstanceType`, jl);
        if (!instanceTypeAllowed(jl, p.allowedInstanceTypes)) {
            throw new ValidationError(
                `${f}.jupyterLabInstanceType`,
                `an instance type on the persona's allowedInstanceTypes (${p.allowedInstanceTypes.join(", ")}); otherwise its guard-rail denies starting JupyterLab`,
                jl,
            );
        }
    });

    const names = new Set<string>();
    (args.notebookInstances ?? []).forEach((nb, i) => {
        const f = `${C}.notebookInstances[${i}]`;
        if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,49}$/.test(nb.name ?? "") || names.has(nb.name)) {
            throw new ValidationError(`${f}.name`, "a unique name of 1 to 50 letters, digits and hyphens", nb.name);
        }
        names.add(nb.name);
        const persona = args.personas.find((p) => p.name === nb.persona);
        if (persona === undefined) {
            throw new ValidationError(`${f}.persona`, `the name of a persona (${args.personas.map((p) => p.name).join(", ")})`, nb.persona);
        }
        const type = nb.instanceType ?? "ml.t3.medium";
        checkInstanceType(`${f}.instanceType`, type);
        if (!NOTEBOOK_FAMILIES.includes(instanceFamily(type) ?? "")) {
            throw new ValidationError(
                `${f}.instanceType`,
                `a notebook instance type of family ${NOTEBOOK_FAMILIES.join(", ")} (heavy work belongs in training jobs)`,
                type,
            );
        }
        if (!instanceTypeAllowed(type, persona.allowedInstanceTypes)) {
            throw new ValidationError(`${f}.instanceType`, `an instance type on persona "${persona.name}"'s allowedInstanceTypes`, type);
        }
        checkInteger(`${f}.volumeSizeInGb`, nb.volumeSizeInGb, 5, 16384);
    });
}

/** A trust policy for SageMaker, from this account only, that may also carry the user's source identity. */
function sageMakerTrustPolicy(account: pulumi.Input<string>): PolicyDocument {
    return policyDocument({
        Sid: "SageMakerAssumeFromThisAccount",
        Effect: "Allow",
        Principal: { Service: "sagemaker.amazonaws.com" },
        // SetSourceIdentity: the domain stamps the user profile name on every session (executionRoleIdentityConfig),
        // so CloudTrail attributes each call to a person, not to the shared persona role.
        Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
        Condition: { StringEquals: { "aws:SourceAccount": account } },
    });
}

/** Inputs of a persona's access policy that are only known once the role and domain exist. */
export interface PersonaAccessInputs {
    ctx: ArnContext;
    persona: StudioPersonaArgs;
    roleArn: pulumi.Input<string>;
    domainId: pulumi.Input<string>;
    domainArn: pulumi.Input<string>;
    kmsKeyArn: pulumi.Input<string>;
    lakeKmsKeyArn: pulumi.Input<string>;
    subnetIds: pulumi.Input<string>[];
    securityGroupIds: pulumi.Input<string>[];
}

/** What a persona's execution role may do: its Studio spaces and apps, SageMaker jobs, and its lake layers only. */
export function personaAccessStatements(i: PersonaAccessInputs): PolicyStatement[] {
    const { ctx } = i;
    const sm = (resource: pulumi.Input<string>) => pulumi.interpolate`arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.account}:${resource}`;
    const read = i.persona.lakeBucketArns;
    const write = i.persona.writableLakeBucketArns ?? [];
    const objects = (arns: pulumi.Input<string>[]) => arns.map((a) => pulumi.interpolate`${a}/*`);
    const statements: PolicyStatement[] = [
        {
            Sid: "StudioDomain",
            Effect: "Allow",
            Action: ["sagemaker:DescribeDomain", "sagemaker:DescribeUserProfile"],
            Resource: [i.domainArn, sm(pulumi.interpolate`user-profile/${i.domainId}/*`)],
        },
        {
            // DeleteApp is also what the idle-shutdown lifecycle script calls.
            Sid: "StudioSpacesAndApps",
            Effect: "Allow",
            Action: [
                "sagemaker:CreateSpace",
                "sagemaker:UpdateSpace",
                "sagemaker:DeleteSpace",
                "sagemaker:DescribeSpace",
                "sagemaker:CreateApp",
                "sagemaker:DeleteApp",
                "sagemaker:DescribeApp",
                "sagemaker:AddTags",
                "sagemaker:ListTags",
            ],
            Resource: [sm(pulumi.interpolate`space/${i.domainId}/*`), sm(pulumi.interpolate`app/${i.domainId}/*`)],
        },
        {
            Sid: "SageMakerJobsAndModels",
            Effect: "Allow",
            Action: [
                "sagemaker:CreateTrainingJob",
                "sagemaker:DescribeTrainingJob",
                "sagemaker:StopTrainingJob",
                "sagemaker:CreateProcessingJob",
                "sagemaker:DescribeProcessingJob",
                "sagemaker:StopProcessingJob",
                "sagemaker:CreateTransformJob",
                "sagemaker:DescribeTransformJob",
                "sagemaker:StopTransformJob",
                "sagemaker:CreateHyperParameterTuningJob",
                "sagemaker:DescribeHyperParameterTuningJob",
                "sagemaker:StopHyperParameterTuningJob",
                "sagemaker:CreateModel",
                "sagemaker:DescribeModel",
                "sagemaker:DeleteModel",
                "sagemaker:AddTags",
                "sagemaker:ListTags",
            ],
            Resource: ["training-job/*", "processing-job/*", "transform-job/*", "hyper-parameter-tuning-job/*", "model/*"].map(sm),
        },
        {
            Sid: "ReadModelRegistry",
            Effect: "Allow",
            Action: ["sagemaker:DescribeModelPackage", "sagemaker:DescribeModelPackageGroup"],
            Resource: [sm("model-package/*"), sm("model-package-group/*")],
        },
        {
            // List and Search calls have no resource type: IAM only accepts "*" for them.
            Sid: "ListSageMakerResources",
            Effect: "Allow",
            Action: [
                "sagemaker:ListApps",
                "sagemaker:ListSpaces",
                "sagemaker:ListUserProfiles",
                "sagemaker:ListTrainingJobs",
                "sagemaker:ListProcessingJobs",
                "sagemaker:ListTransformJobs",
                "sagemaker:ListHyperParameterTuningJobs",
                "sagemaker:ListTrainingJobsForHyperParameterTuningJob",
                "sagemaker:ListModels",
                "sagemaker:ListModelPackageGroups",
                "sagemaker:ListModelPackages",
                "sagemaker:Search",
            ],
            Resource: "*",
        },
        {
            // Jobs started from Studio run as the persona's own role, and only SageMaker may receive it.
            Sid: "PassOwnRoleToSageMaker",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: i.roleArn,
            Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
        },
    ];
    if (read.length > 0) {
        statements.push(
            {
                Sid: "ListLakeLayers",
                Effect: "Allow",
                Action: ["s3:ListBucket", "s3:GetBucketLocation"],
                Resource: read,
            },
            {
                Sid: "ReadLakeLayers",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:GetObjectVersion"],
                Resource: objects(read),
            },
            {
                Sid: "DecryptLakeThroughS3",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:DescribeKey"],
                Resource: i.lakeKmsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": viaService(ctx, "s3") } },
            },
        );
    }
    if (write.length > 0) {
        statements.push(
            {
                Sid: "WriteLakeLayers",
                Effect: "Allow",
                Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
                Resource: objects(write),
            },
            {
                Sid: "EncryptLakeThroughS3",
                Effect: "Allow",
                Action: "kms:GenerateDataKey",
                Resource: i.lakeKmsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": viaService(ctx, "s3") } },
            },
        );
    }
    statements.push(
        {
            Sid: "UseMlKeyThroughSageMaker",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
            Resource: i.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": [viaService(ctx, "sagemaker"), viaService(ctx, "s3")] } },
        },
        {
            // SageMaker attaches ML-key-encrypted volumes to job instances through grants made with the caller's
            // permissions; only grants for AWS resources are allowed.
            Sid: "GrantMlKeyToSageMakerVolumes",
            Effect: "Allow",
            Action: "kms:CreateGrant",
            Resource: i.kmsKeyArn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
        { Sid: "EcrAuthorization", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
            // Personas choose their images: the AWS Deep Learning Containers and this account's repositories.
            Sid: "PullContainerImages",
            Effect: "Allow",
            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
            Resource: [
                pulumi.interpolate`arn:${ctx.partition}:ecr:${ctx.region}:${ctx.account}:repository/*`,
                pulumi.interpolate`arn:${ctx.partition}:ecr:${ctx.region}:${DLC_REGISTRY_ACCOUNT}:repository/*`,
            ],
        },
        {
            Sid: "WriteSageMakerLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
            Resource: [
                pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:/aws/sagemaker/*`,
                pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:/aws/sagemaker/*:log-stream:*`,
            ],
        },
        {
            Sid: "PublishSageMakerMetrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } },
        },
        ...vpcAccessStatements(ctx, i.subnetIds, i.securityGroupIds),
    );
    return statements;
}

/**
 * A SageMaker Studio domain for regulated workloads.
 *
 * - VPC-only: apps run in the isolated network's private subnets with the workload security group; there is no
 *   path through SageMaker's internet-facing network.
 * - IAM authentication, tag propagation, a customer-managed KMS key on the home EFS and space volumes, and a
 *   retention policy that keeps users' files by default.
 * - One user profile and one execution role per persona. Each role carries the SageMaker guard-rails AWS
 *   documents (VPC, output and volume keys, inter-container encryption, an instance-type allow-list) as explicit
 *   denies, and reaches only its persona's lake layers. The domain's default role has no permissions at all, so
 *   a profile created outside this component can do nothing until it is given a persona.
 * - Notebook output sharing is disabled, and JupyterLab apps stop when idle (built-in idle shutdown plus a
 *   lifecycle script).
 */
export class StudioDomain extends pulumi.ComponentResource {
    /** The domain id (`d-...`). */
    readonly domainId: pulumi.Output<string>;
    /** The domain ARN. */
    readonly domainArn: pulumi.Output<string>;
    /** The Studio URL (reached through the presigned-URL flow with IAM auth). */
    readonly domainUrl: pulumi.Output<string>;
    /** Id of the home EFS file system, encrypted with `kmsKeyArn`. */
    readonly homeEfsFileSystemId: pulumi.Output<string>;
    /** Security group SageMaker created for traffic between the domain and the EFS. */
    readonly securityGroupIdForDomainBoundary: pulumi.Output<string>;
    /** The domain's default execution role, which has no permissions. */
    readonly defaultExecutionRoleArn: pulumi.Output<string>;
    /** Execution role ARN per persona name. */
    readonly executionRoleArns: pulumi.Output<{ [persona: string]: string }>;
    /** User profile ARN per persona name. */
    readonly userProfileArns: pulumi.Output<{ [persona: string]: string }>;
    /** ARN of the JupyterLab idle-shutdown lifecycle configuration. */
    readonly idleShutdownLifecycleConfigArn: pulumi.Output<string>;
    /** Notebook instance ARN per notebook name. */
    readonly notebookInstanceArns: pulumi.Output<{ [name: string]: string }>;

    constructor(name: string, args: StudioDomainArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ml-platform:index:StudioDomain", name, {}, opts);
        validateStudioDomainArgs(args);

        const parent = { parent: this };
        const protect = args.protect ?? true;
        const tags = args.tags;
        const ctx = arnContext(this);
        const idleMinutes = args.idleTimeoutMinutes ?? 60;
        const hiddenAppTypes = args.hiddenAppTypes ?? DEFAULT_HIDDEN_APP_TYPES;

        const trust = toJson(sageMakerTrustPolicy(ctx.account));
        const defaultRole = new aws.iam.Role(
            `${name}-default`,
            { description: `Default execution role of Studio domain ${name}: no permissions; assign a persona instead`, assumeRolePolicy: trust, tags },
            parent,
        );

        const lifecycle = new aws.sagemaker.StudioLifecycleConfig(
            `${name}-idle-shutdown`,
            {
                studioLifecycleConfigName: sageMakerName([name, "idle-shutdown"]),
                studioLifecycleConfigAppType: "JupyterLab",
                studioLifecycleConfigContent: Buffer.from(idleShutdownScript(idleMinutes), "utf8").toString("base64"),
                tags,
            },
            parent,
        );

        // Users can't raise the timeout: the maximum is the configured value.
        const jupyterLab = (instanceType: string) => ({
            defaultResourceSpec: { instanceType, lifecycleConfigArn: lifecycle.arn },
            lifecycleConfigArns: [lifecycle.arn],
            appLifecycleManagement: {
                idleSettings: {
                    lifecycleManagement: "ENABLED",
                    idleTimeoutInMinutes: idleMinutes,
                    minIdleTimeoutInMinutes: 60,
                    maxIdleTimeoutInMinutes: idleMinutes,
                },
            },
        });
        const commonUserSettings = {
            securityGroups: args.securityGroupIds,
            sharingSettings: { notebookOutputOption: "Disabled" },
            studioWebPortal: "ENABLED",
            defaultLandingUri: "studio::",
            studioWebPortalSettings: { hiddenAppTypes },
        };

        const domain = new aws.sagemaker.Domain(
            `${name}-domain`,
            {
                domainName: args.domainName ?? sageMakerName([name]),
                authMode: "IAM",
                appNetworkAccessType: "VpcOnly",
                vpcId: args.vpcId,
                subnetIds: args.subnetIds,
                kmsKeyId: args.kmsKeyArn,
                tagPropagation: "ENABLED",
                retentionPolicy: { homeEfsFileSystem: args.homeEfsRetention ?? HomeEfsRetention.Retain },
                domainSettings: {
                    securityGroupIds: args.securityGroupIds,
                    executionRoleIdentityConfig: "USER_PROFILE_NAME",
                    dockerSettings: { enableDockerAccess: "DISABLED" },
                },
                defaultUserSettings: {
                    ...commonUserSettings,
                    executionRole: defaultRole.arn,
                    jupyterLabAppSettings: jupyterLab("ml.t3.medium"),
                },
                tags,
            },
            dataOptions(this, protect),
        );

        const roles: { [persona: string]: pulumi.Output<string> } = {};
        const profiles: { [persona: string]: pulumi.Output<string> } = {};
        for (const persona of args.personas) {
            const role = new aws.iam.Role(
                `${name}-${persona.name}`,
                { description: `Studio execution role of the ${persona.name} persona (domain ${name})`, assumeRolePolicy: trust, tags },
                parent,
            );
            new aws.iam.RolePolicy(
                `${name}-${persona.name}-guardrails`,
                { role: role.name, policy: toJson(policyDocument(...sagemakerGuardrailStatements({ allowedInstanceTypes: persona.allowedInstanceTypes }))) },
                parent,
            );
            const access = new aws.iam.RolePolicy(
                `${name}-${persona.name}-access`,
                {
                    role: role.name,
                    policy: toJson(
                        policyDocument(
                            ...personaAccessStatements({
                                ctx,
                                persona,
                                roleArn: role.arn,
                                domainId: domain.id,
                                domainArn: domain.arn,
                                kmsKeyArn: args.kmsKeyArn,
                                lakeKmsKeyArn: args.lakeKmsKeyArn,
                                subnetIds: args.subnetIds,
                                securityGroupIds: args.securityGroupIds,
                            }),
                        ),
                    ),
                },
                parent,
            );
            const profile = new aws.sagemaker.UserProfile(
                `${name}-${persona.name}`,
                {
                    domainId: domain.id,
                    userProfileName: persona.name,
                    userSettings: {
                        ...commonUserSettings,
                        executionRole: role.arn,
                        jupyterLabAppSettings: jupyterLab(persona.jupyterLabInstanceType ?? "ml.t3.medium"),
                    },
                    tags,
                },
                // The profile is usable only once its role can act.
                { parent: this, dependsOn: [access] },
            );
            roles[persona.name] = role.arn;
            profiles[persona.name] = profile.arn;
        }

        const notebooks: { [nb: string]: pulumi.Output<string> } = {};
        for (const nb of args.notebookInstances ?? []) {
            const instance = new aws.sagemaker.NotebookInstance(
                `${name}-nb-${nb.name}`,
                {
                    roleArn: roles[nb.persona],
                    instanceType: nb.instanceType ?? "ml.t3.medium",
                    volumeSize: nb.volumeSizeInGb ?? 20,
                    kmsKeyId: args.kmsKeyArn,
                    subnetId: nb.subnetId ?? args.subnetIds[0],
                    securityGroups: args.securityGroupIds,
                    directInternetAccess: "Disabled",
                    rootAccess: "Disabled",
                    instanceMetadataServiceConfiguration: { minimumInstanceMetadataServiceVersion: "2" },
                    platformIdentifier: "notebook-al2023-v1",
                    tags,
                },
                dataOptions(this, protect),
            );
            notebooks[nb.name] = instance.arn;
        }

        this.domainId = domain.id;
        this.domainArn = domain.arn;
        this.domainUrl = domain.url;
        this.homeEfsFileSystemId = domain.homeEfsFileSystemId;
        this.securityGroupIdForDomainBoundary = domain.securityGroupIdForDomainBoundary;
        this.defaultExecutionRoleArn = defaultRole.arn;
        this.executionRoleArns = pulumi.output(roles);
        this.userProfileArns = pulumi.output(profiles);
        this.idleShutdownLifecycleConfigArn = lifecycle.arn;
        this.notebookInstanceArns = pulumi.output(notebooks);
        this.registerOutputs({
            domainId: this.domainId,
            domainArn: this.domainArn,
            domainUrl: this.domainUrl,
            homeEfsFileSystemId: this.homeEfsFileSystemId,
            securityGroupIdForDomainBoundary: this.securityGroupIdForDomainBoundary,
            defaultExecutionRoleArn: this.defaultExecutionRoleArn,
            executionRoleArns: this.executionRoleArns,
            userProfileArns: this.userProfileArns,
            idleShutdownLifecycleConfigArn: this.idleShutdownLifecycleConfigArn,
            notebookInstanceArns: this.notebookInstanceArns,
        });
    }
}
