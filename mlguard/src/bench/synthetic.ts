/**
 * Synthetic stack exports for throughput measurements: `n` resources shaped like the platform's
 * (a component per data set holding a key, a bucket with its encryption, public-access-block and
 * versioning children, and a role), in dependency order. Every seventh bucket has no encryption
 * configuration and every eleventh key doesn't rotate, so policies have something to report.
 */
import { StateResource } from "../model";
import { StackExport } from "../synth/synth";
import { Json } from "../values";

export function syntheticExport(n: number, stack = "bench", project = "ml-platform"): StackExport {
    const root = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
    const providerId = "00000000-0000-4000-a000-000000000000";
    const providerUrn = `urn:pulumi:${stack}::${project}::pulumi:providers:aws::default_7_48_0`;
    const providerRef = `${providerUrn}::${providerId}`;
    const account = "111122223333";
    const region = "us-east-1";
    const resources: StateResource[] = [];
    const resource = (
        urn: string,
        type: string,
        parent: string | undefined,
        props: Record<string, Json>,
        deps: string[] = [],
        propertyDependencies: Record<string, string[] | null> = {},
    ): StateResource => {
        const custom = !type.includes(":index:") && type !== "pulumi:pulumi:Stack";
        const name = urn.split("::").pop()!;
        return {
            urn,
            custom,
            type,
            ...(custom ? { id: name } : {}),
            ...(custom && !type.startsWith("pulumi:providers:") ? { provider: providerRef } : {}),
            ...(parent ? { parent } : {}),
            inputs: props,
            outputs: custom ? { ...props, arn: `arn:aws:${type.split(":")[1].split("/")[0]}:${region}:${account}:${name}` } : {},
            dependencies: deps,
            propertyDependencies,
            protect: false,
            retainOnDelete: false,
        };
    };
    resources.push(resource(root, "pulumi:pulumi:Stack", undefined, {}));
    resources.push({ ...resource(providerUrn, "pulumi:providers:aws", undefined, { region, version: "7.48.0" }), id: providerId });
    for (let i = 0; resources.length < n; i++) {
        const comp = `urn:pulumi:${stack}::${project}::ml-platform:index:GovernedBucket::lake-${i}`;
        const child = (type: string, name: string) => `urn:pulumi:${stack}::${project}::ml-platform:index:GovernedBucket$${type}::${name}`;
        const keyUrn = child("aws:kms/key:Key", `lake-${i}-key`);
        const bucketUrn = child("aws:s3/bucket:Bucket", `lake-${i}-bucket`);
        const bucketName = `lake-${i}-bucket-${((i * 2654435761) >>> 0).toString(16).padStart(8, "0").slice(0, 7)}`;
        const keyArn = `arn:aws:kms:${region}:${account}:key/lake-${i}-key`;
        const onBucket = { bucket: [bucketUrn] };
        resources.push(resource(comp, "ml-platform:index:GovernedBucket", root, {}));
        resources.push(resource(keyUrn, "aws:kms/key:Key", comp, { enableKeyRotation: i % 11 !== 0, description: `lake ${i}`, deletionWindowInDays: 30 }));
        resources.push(
            resource(bucketUrn, "aws:s3/bucket:Bucket", comp, { bucket: bucketName, tags: { environment: stack, owner: "ml" }, forceDestroy: false }),
        );
        if (i % 7 !== 0) {
            resources.push(
                resource(
                    child("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `lake-${i}-sse`),
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    comp,
                    {
                        bucket: bucketName,
                        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }],
                    },
                    [bucketUrn, keyUrn],
                    { bucket: [bucketUrn], rules: [keyUrn] },
                ),
            );
        }
        resources.push(
            resource(
                child("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `lake-${i}-pab`),
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                comp,
                { bucket: bucketName, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
                [bucketUrn],
                onBucket,
            ),
        );
        resources.push(
            resource(
                child("aws:s3/bucketVersioning:BucketVersioning", `lake-${i}-versioning`),
                "aws:s3/bucketVersioning:BucketVersioning",
                comp,
                { bucket: bucketName, versioningConfiguration: { status: "Enabled" } },
                [bucketUrn],
                onBucket,
            ),
        );
        resources.push(
            resource(child("aws:iam/role:Role", `lake-${i}-reader`), "aws:iam/role:Role", comp, {
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "SageMakerAssume",
                            Effect: "Allow",
                            Principal: { Service: "sagemaker.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": account } },
                        },
                    ],
                }),
                tags: { environment: stack },
            }),
        );
    }
    resources.length = n;
    return { version: 3, deployment: { manifest: { time: new Date(0).toISOString(), magic: "", version: "v3.270.0" }, resources } };
}
