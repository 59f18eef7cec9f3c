/**
 * The shared platform infrastructure a team environment builds on: the platform stack's private subnets,
 * workload security group, KMS keys, alert topic, access-log bucket and S3 gateway endpoint. The team never
 * creates or changes any of it.
 *
 * Each value comes from this project's config when set there, otherwise from an output of the platform stack
 * (`platformStack`, through a StackReference). PLATFORM_OUTPUTS maps each value to the platform output it is
 * read from; `platformOutputs` in config overrides single names if the platform stack exports them otherwise.
 */
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "@ml-platform/components";

/** Platform stack output each shared value is read from, unless config `platformOutputs` renames it. */
export const PLATFORM_OUTPUTS = {
    privateSubnetIds: "privateSubnetIds",
    workloadSecurityGroupId: "workloadSecurityGroupId",
    mlKeyArn: "mlKeyArn",
    lakeKeyArn: "dataLakeKeyArn",
    alertTopicArn: "alertTopicArn",
    accessLogBucketName: "accessLogBucketName",
    s3GatewayEndpointId: "s3GatewayEndpointId",
} as const;

export type SharedKey = keyof typeof PLATFORM_OUTPUTS;

/** The shared infrastructure, as plain values: the components check them before creating anything. */
export interface SharedInfrastructure {
    /** Private subnets (no internet route) the endpoint's network interfaces go in. */
    privateSubnetIds: string[];
    /** Security group the platform's workloads use; it reaches the VPC endpoints. */
    workloadSecurityGroupId: string;
    /** ML KMS key: endpoint storage, model artifacts. */
    mlKeyArn: string;
    /** Data-lake KMS key: the team's bucket and the endpoint's data capture. */
    lakeKeyArn: string;
    /** SNS topic the endpoint's rollback alarms notify. */
    alertTopicArn: string;
    /** Bucket receiving S3 server access logs. */
    accessLogBucketName: string;
    /** S3 gateway endpoint the team's bucket is restricted to, when `restrictToVpcEndpoint`. */
    s3GatewayEndpointId?: string;
}

/** Reads the shared infrastructure from config, then from the platform stack's outputs. */
export async function sharedInfrastructure(config: pulumi.Config, restrictToVpcEndpoint: boolean): Promise<SharedInfrastructure> {
    const stackName = config.get("platformStack");
    const platform = stackName ? new pulumi.StackReference(stackName) : undefined;
    const outputNames: Record<SharedKey, string> = { ...PLATFORM_OUTPUTS, ...config.getObject<Partial<Record<SharedKey, string>>>("platformOutputs") };

    const read = async (key: SharedKey): Promise<unknown> => {
        const configured = key === "privateSubnetIds" ? config.getObject<unknown>(key) : config.get(key);
        if (configured !== undefined) {
            return configured;
        }
        if (platform) {
            const details = await platform.getOutputDetails(outputNames[key]);
            return details.value ?? details.secretValue;
        }
        return undefined;
    };
    const missing = (key: SharedKey): ValidationError =>
        new ValidationError(`team-environment.${key}`, `config "${key}", or "platformStack" naming a stack that exports "${outputNames[key]}"`, undefined);
    const text = async (key: SharedKey): Promise<string> => {
        const value = await read(key);
        if (typeof value !== "string" || value === "") {
            throw missing(key);
        }
        return value;
    };

    const subnets = await read("privateSubnetIds");
    if (!Array.isArray(subnets) || subnets.length === 0 || !subnets.every((s) => typeof s === "string" && /^subnet-[0-9a-f]+$/.test(s))) {
        throw subnets === undefined
            ? missing("privateSubnetIds")
            : new ValidationError("team-environment.privateSubnetIds", 'a list of subnet ids ("subnet-...")', subnets);
    }
    const securityGroup = await text("workloadSecurityGroupId");
    if (!/^sg-[0-9a-f]+$/.test(securityGroup)) {
        throw new ValidationError("team-environment.workloadSecurityGroupId", 'a security group id ("sg-...")', securityGroup);
    }
    const endpoint = restrictToVpcEndpoint ? await text("s3GatewayEndpointId") : undefined;
    if (endpoint !== undefined && !/^vpce-[0-9a-f]+$/.test(endpoint)) {
        throw new ValidationError("team-environment.s3GatewayEndpointId", 'a VPC endpoint id ("vpce-...")', endpoint);
    }
    return {
        privateSubnetIds: subnets,
        workloadSecurityGroupId: securityGroup,
        mlKeyArn: await text("mlKeyArn"),
        lakeKeyArn: await text("lakeKeyArn"),
        alertTopicArn: await text("alertTopicArn"),
        accessLogBucketName: await text("accessLogBucketName"),
        s3GatewayEndpointId: endpoint,
    };
}
