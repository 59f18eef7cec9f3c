import { LakeLayerConfig, lakeLayerProperties, schema } from "../../../lib/config";
import { findingFor, stackRule } from "../../../lib/define";
import { Findings, notApplicable } from "../../../lib/result";
import { bucketIdentity, bucketNameFromRef, bucketsTagged, S3_TYPES } from "../../../lib/s3";
import { joinByReference } from "../../../lib/stack";

export const LAKE_FORMATION_RESOURCE_TYPE = "aws:lakeformation/resource:Resource";

export type LakeLocationConfig = LakeLayerConfig;

/**
 * Lake Formation governs an S3 location only once it is registered: until
 * then, grants and LF-tags on the tables over it do not control access to its
 * objects, and IAM policies alone decide. Every bucket tagged as a lake layer
 * (by default `lake-layer` = raw, processed or analytics, as the data lake
 * component tags them; its access-log bucket is not a layer) must have an
 * `aws.lakeformation.Resource` registration in the stack.
 */
export const lakeFormationResourceEnforceLakeLocationRegistration = stackRule<LakeLocationConfig>({
    name: "aws-lakeformation-resource-enforce-lake-location-registration",
    description: "Every S3 bucket tagged as a data lake layer must be registered with Lake Formation (aws.lakeformation.Resource).",
    severity: "high",
    topics: ["access"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)"] },
        { framework: "pci-dss", controls: ["7.2.1"] },
        { framework: "ml-baseline", controls: ["ML-DATA-1"] },
    ],
    remediationSteps:
        "Register the bucket with `new aws.lakeformation.Resource(name, { arn: bucket.arn, roleArn })`, using a registration " +
        "role that can use the bucket's KMS key (the data lake component does this for its layers). If the bucket is not a lake " +
        "layer, remove the layer tag.",
    configSchema: schema(lakeLayerProperties()),
    appliesTo: [...S3_TYPES.bucket],
    check: (stack, ctx) => {
        const { lakeLayerTagKey, lakeLayerTagValues } = ctx.config;
        const layers = bucketsTagged(stack, ctx, lakeLayerTagKey, lakeLayerTagValues);
        if (layers.length === 0) {
            return notApplicable(`No bucket is tagged ${lakeLayerTagKey} = ${lakeLayerTagValues.join(" | ")}`);
        }
        const registrations = joinByReference(layers, stack.ofType(LAKE_FORMATION_RESOURCE_TYPE), "arn", bucketIdentity, bucketNameFromRef);
        const findings = new Findings();
        for (const bucket of layers) {
            if ((registrations.byParent.get(bucket.urn) ?? []).length > 0) {
                continue;
            }
            if (registrations.unresolved.length > 0) {
                // A registration whose ARN is not known yet may be this bucket's: undecidable until the update.
                ctx.park(registrations.unresolved[0].error, `${registrations.unresolved[0].child.name}.arn`);
                continue;
            }
            findings.add(
                findingFor(bucket, "is tagged as a lake layer but is not registered with Lake Formation (no aws.lakeformation.Resource names its ARN)."),
            );
        }
        return findings.result();
    },
});
