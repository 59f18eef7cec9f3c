/**
 * The ml-platform Pulumi program: validated config in, the platform out, and
 * the ids and ARNs other stacks and teams consume (via StackReference).
 */
import { loadPlatformConfig } from "./config";
import { createPlatform } from "./platform";

const config = loadPlatformConfig();
const platform = createPlatform(config);
const { keys, network, lake, audit, studio, training, endpoint, monitoring, features, workflow } = platform;

export const environment = config.environment;

export const dataLakeKeyArn = keys.dataLakeKeyArn;
export const mlKeyArn = keys.mlKeyArn;
export const logsKeyArn = keys.logsKeyArn;

export const vpcId = network.vpcId;
export const privateSubnetIds = network.privateSubnetIds;
export const workloadSecurityGroupId = network.workloadSecurityGroupId;
export const s3GatewayEndpointId = network.s3GatewayEndpointId;
export const flowLogGroupName = network.flowLogGroupName;

export const rawBucketName = lake.rawBucketName;
export const processedBucketName = lake.processedBucketName;
export const analyticsBucketName = lake.analyticsBucketName;
export const accessLogBucketName = lake.accessLogBucketName;
export const rawBucketArn = lake.rawBucketArn;
export const processedBucketArn = lake.processedBucketArn;
export const analyticsBucketArn = lake.analyticsBucketArn;
export const glueDatabases = {
    raw: lake.rawDatabaseName,
    processed: lake.processedDatabaseName,
    analytics: lake.analyticsDatabaseName,
};
export const etlJobName = lake.etlJobName;

export const trailArn = audit.trailArn;
export const trailBucketName = audit.trailBucketName;
export const configBucketName = audit.configBucketName;

export const studioDomainId = studio.domainId;
export const studioExecutionRoleArns = studio.executionRoleArns;
export const pipelineArn = training.pipelineArn;
export const modelPackageGroupName = training.modelPackageGroupName;
export const endpointName = endpoint.endpointName;
export const endpointNames = [endpoint.endpointName];
export const alertTopicArn = monitoring.alertTopicArn;
export const featureGroupNames = features.featureGroupNames;
export const stateMachineArn = workflow.stateMachineArn;
