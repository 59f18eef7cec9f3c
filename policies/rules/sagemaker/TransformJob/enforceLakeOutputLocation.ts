import type { PolicyResource } from "@pulumi/policy";
import { probe } from "../../../lib/access";
import { LakeLayerConfig, lakeLayerProperties, schema } from "../../../lib/config";
import { stackRule } from "../../../lib/define";
import { ENCRYPTION_AT_REST_CONTROLS } from "../../../lib/frameworks";
import { bucketIdentity, bucketOfS3Uri, bucketsTagged, S3_TYPES, tagOf } from "../../../lib/s3";
import { describe, Setting } from "../settings";
import { checkStackTransformJobs, TRANSFORM_RESOURCE_TYPES } from "../transform";

/**
 * The bucket an output path setting names, or why it cannot be told: a literal URI, a parameter's
 * default, or a run-time value whose literal start (a join's first value, a JSONata expression's
 * leading string) already holds `s3://bucket/`. An unknown throws the SDK's error.
 */
function outputBucket(s: Setting): { bucket: string } | { problem: string } {
    const field = "TransformOutput.S3OutputPath";
    const fromText = (text: unknown, complete = true) => (typeof text === "string" ? bucketOfS3Uri(text, complete) : undefined);
    let bucket: string | undefined;
    switch (s.kind) {
        case "unknown":
            throw s.error;
        case "missing":
            return { problem: `${field} is not set` };
        case "literal":
            bucket = fromText(s.value);
            break;
        case "parameter":
            bucket = fromText(s.defaultValue);
            break;
        case "expression":
            // Only the literal start is known, so the bucket counts once a "/" ends its name.
            bucket = s.container ? undefined : fromText(s.prefix, false);
            break;
    }
    return bucket !== undefined
        ? { bucket }
        : {
              problem: `${field} is ${describe(s)}, whose bucket cannot be told; start it with a literal s3://<bucket>/ (a literal, a join or an expression beginning with one)`,
          };
}

/** A bucket's name for messages: its physical name when known, else its logical one. */
function nameOf(bucket: PolicyResource): string {
    return bucketIdentity(bucket)[0] ?? bucket.name;
}

/**
 * Batch transform writes one prediction per input record: derived data that
 * belongs with the lake's data, under its KMS encryption, access logging and
 * Lake Formation governance, not in an ad-hoc bucket. The output path must be
 * in a bucket of the stack tagged as a lake layer (by default `lake-layer` =
 * raw, processed or analytics, as the data lake component tags them).
 */
export const sagemakerTransformJobEnforceLakeOutputLocation = stackRule<LakeLayerConfig>({
    name: "aws-sagemaker-transformjob-enforce-lake-output-location",
    description:
        "SageMaker batch transform jobs must write their output (TransformOutput.S3OutputPath) to an S3 bucket of the stack tagged as a data lake layer.",
    severity: "high",
    topics: ["encryption", "ml"],
    frameworks: ENCRYPTION_AT_REST_CONTROLS,
    remediationSteps:
        "Point `TransformOutput.S3OutputPath` at the lake's analytics (or processed) bucket, e.g. `s3://<analytics bucket>/scores/`. " +
        "Keep the bucket name literal at the start of the path: a literal, a pipeline parameter with a default, a Std:Join whose " +
        "first value is `s3://<bucket>/…`, or a JSONata expression beginning with the string `'s3://<bucket>/…'`. If the bucket " +
        "is a lake layer, tag it `lake-layer` (the data lake component does).",
    configSchema: schema(lakeLayerProperties()),
    appliesTo: TRANSFORM_RESOURCE_TYPES,
    check: (stack, ctx) => {
        const { lakeLayerTagKey, lakeLayerTagValues } = ctx.config;
        const layers = bucketsTagged(stack, ctx, lakeLayerTagKey, lakeLayerTagValues);
        const layer = `${lakeLayerTagKey} = ${lakeLayerTagValues.join(" | ")}`;
        const buckets = stack.ofType(...S3_TYPES.bucket);
        return checkStackTransformJobs(stack, ctx, (job, report) => {
            const out = outputBucket(job.read("TransformOutput", "S3OutputPath"));
            if ("problem" in out) {
                report(out.problem);
                return;
            }
            if (layers.some((b) => bucketIdentity(b).includes(out.bucket))) {
                return;
            }
            for (const b of layers) {
                const name = probe(b.props, "bucket");
                if (name.state === "unknown" && bucketIdentity(b).length === 0) {
                    throw name.error; // a layer whose name is not known yet may be this bucket
                }
            }
            const other = buckets.find((b) => bucketIdentity(b).includes(out.bucket));
            const otherTag = other ? tagOf(other, lakeLayerTagKey) : undefined;
            if (otherTag?.state === "unknown") {
                throw otherTag.error; // the output bucket's layer tag is not known yet
            }
            report(
                other
                    ? `the output bucket ${out.bucket} ("${other.name}") is not tagged ${layer}; write the output to a lake layer bucket`
                    : `the output bucket ${out.bucket} is not a bucket of this stack tagged ${layer}` +
                          (layers.length > 0 ? ` (the lake layers are ${layers.map(nameOf).join(", ")})` : ""),
            );
        });
    },
});
