/**
 * A team's ML environment on the shared platform, built from @ml-platform/components:
 *
 * - the team's lake bucket (`SecureBucket`): SSE-KMS with the platform's data-lake key, KMS-only uploads,
 *   TLS-only, no public access, versioned, access-logged into the platform's log bucket, and reachable for
 *   object reads and writes only through the platform's S3 gateway endpoint;
 * - a real-time Inferentia endpoint (`InferenceEndpoint`) in the platform's private subnets, behind its
 *   workload security group, encrypted with the platform's ML key, capturing requests and responses into the
 *   team's bucket under the lake key, with canary deployments rolled back by alarms on the platform's alert topic.
 *
 * The network, keys and topic are the platform's (platform.ts reads them from config or the platform stack);
 * the team creates none of them, so a team can't weaken them. A team would do just this rather than run its own
 * GovernedDataLake: Lake Formation's settings are one per account, and the platform owns them.
 *
 * Pulumi runs the exported function (top-level await for the platform stack's outputs) and makes its result the
 * stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { InferenceEndpoint, SecureBucket, ValidationError } from "@ml-platform/components";
import { sharedInfrastructure } from "./platform";

const TEAM_NAME = /^[a-z][a-z0-9-]{1,19}$/;

/** Builds the environment; `opts` (e.g. transformations in tests) apply to both components. */
export = async function teamEnvironment(opts: pulumi.ComponentResourceOptions = {}) {
    const config = new pulumi.Config();
    const team = config.require("team");
    if (!TEAM_NAME.test(team)) {
        throw new ValidationError("team-environment.team", "2 to 20 lower-case letters, digits and hyphens, starting with a letter", team);
    }
    const restrictToVpcEndpoint = config.getBoolean("restrictToVpcEndpoint") ?? true;
    const protect = config.getBoolean("protect") ?? true;
    const tags = { ...config.getObject<Record<string, string>>("tags"), team };
    const shared = await sharedInfrastructure(config, restrictToVpcEndpoint);

    const lake = new SecureBucket(
        `${team}-lake`,
        {
            kmsKeyArn: shared.lakeKeyArn,
            accessLogBucketName: shared.accessLogBucketName,
            accessLogPrefix: `${team}-lake/`,
            // Data capture arrives through the VPC (the endpoint's network interfaces), like every read and write
            // of the team's notebooks and jobs; credentials used from anywhere else get no object access.
            vpcEndpointIds: shared.s3GatewayEndpointId !== undefined ? [shared.s3GatewayEndpointId] : undefined,
            protect,
            tags,
        },
        opts,
    );

    const endpoint = new InferenceEndpoint(
        `${team}-endpoint`,
        {
            modelDataUrl: config.require("modelDataUrl"),
            subnetIds: shared.privateSubnetIds,
            securityGroupIds: [shared.workloadSecurityGroupId],
            mlKmsKeyArn: shared.mlKeyArn,
            lakeKmsKeyArn: shared.lakeKeyArn,
            dataCaptureBucketName: lake.bucketName,
            alarmTopicArn: shared.alertTopicArn,
            instanceType: config.get("instanceType"),
            minInstances: config.getNumber("minInstances"),
            maxInstances: config.getNumber("maxInstances"),
            tags,
        },
        opts,
    );

    return {
        lakeBucketName: lake.bucketName,
        lakeBucketArn: lake.bucketArn,
        endpointName: endpoint.endpointName,
        endpointArn: endpoint.endpointArn,
        dataCaptureS3Uri: endpoint.dataCaptureS3Uri,
        executionRoleArn: endpoint.executionRoleArn,
    };
};
