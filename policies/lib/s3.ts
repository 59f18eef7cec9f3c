/**
 * Puts v7 buckets back together for stack rules.
 *
 * Each sub-resource names its bucket in `bucket` (the bucket's id, which is
 * its name). `joinBuckets` attaches every encryption, versioning, public
 * access block, policy, logging, object lock and ACL resource to its bucket,
 * by value or, when the value is unknown during a preview, by the engine's
 * property dependencies (see `stack.ts`). The deprecated `*V2` types are
 * joined too: teams still write them, and they configure the same thing.
 */
import type { PolicyResource } from "@pulumi/policy";
import { StackContext, StackView } from "./define";
import { CheckResult, Findings } from "./result";
import { probe, Probe } from "./access";
import { JoinResult, joinByReference, knownStrings } from "./stack";

/** Type tokens of buckets and their sub-resources (current and deprecated names). */
export const S3_TYPES = {
    bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
    logging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    objectLock: [
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
    ],
    acl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
} as const;

export type BucketPart = Exclude<keyof typeof S3_TYPES, "bucket">;

/** Whether an encryption rule's `sseAlgorithm` is SSE-KMS (single- or dual-layer). */
export function isSseKms(algorithm: string | undefined): boolean {
    return algorithm === "aws:kms" || algorithm === "aws:kms:dsse";
}

export const BUCKET_PARTS: readonly BucketPart[] = ["encryption", "versioning", "publicAccessBlock", "policy", "logging", "objectLock", "acl"];

/** One bucket and the sub-resources that configure it. */
export interface BucketView {
    resource: PolicyResource;
    /** The bucket's name when known. */
    name?: string;
    parts: Record<BucketPart, PolicyResource[]>;
}

export interface BucketJoin {
    buckets: BucketView[];
    /** Per part: sub-resources for buckets outside this stack. */
    external: Record<BucketPart, PolicyResource[]>;
    /** Per part: sub-resources whose bucket is unknown and not resolvable. */
    unresolved: Record<BucketPart, JoinResult["unresolved"]>;
}

/** `arn:aws:s3:::name` (or `arn:aws:s3:::name/key`) → `name`; anything else unchanged. */
export function bucketNameFromRef(ref: string): string {
    const m = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(ref);
    return m ? m[1] : ref;
}

/** The identity values a reference to this bucket may hold. */
export function bucketIdentity(bucket: PolicyResource): string[] {
    return knownStrings(bucket.props, ["bucket"], ["id"], ["arn"]).map(bucketNameFromRef);
}

/** Joins every bucket of the stack to its sub-resources. */
export function joinBuckets(view: StackView): BucketJoin {
    const buckets = view.ofType(...S3_TYPES.bucket);
    const joins = {} as Record<BucketPart, JoinResult>;
    for (const part of BUCKET_PARTS) {
        joins[part] = joinByReference(buckets, view.ofType(...S3_TYPES[part]), "bucket", bucketIdentity, bucketNameFromRef);
    }
    const views = buckets.map((b) => {
        const parts = {} as Record<BucketPart, PolicyResource[]>;
        for (const part of BUCKET_PARTS) {
            parts[part] = joins[part].byParent.get(b.urn) ?? [];
        }
        return { resource: b, name: bucketIdentity(b)[0], parts };
    });
    const external = {} as BucketJoin["external"];
    const unresolved = {} as BucketJoin["unresolved"];
    for (const part of BUCKET_PARTS) {
        external[part] = joins[part].external;
        unresolved[part] = joins[part].unresolved;
    }
    return { buckets: views, external, unresolved };
}

/**
 * Buckets that a reference property of other resources points at: the
 * targets of server access logging (`targetBucket`), CloudTrail trails
 * (`s3BucketName`), AWS Config delivery channels (`s3BucketName`).
 */
export function bucketsReferencedBy(view: StackView, types: string[], prop: string): Set<string> {
    const buckets = view.ofType(...S3_TYPES.bucket);
    const j = joinByReference(buckets, view.ofType(...types), prop, bucketIdentity, bucketNameFromRef);
    const out = new Set<string>();
    for (const b of buckets) {
        if ((j.byParent.get(b.urn) ?? []).length > 0) {
            out.add(b.urn);
        }
    }
    return out;
}

/** The unresolved references of `types.prop` (unknown and without dependency information). */
export function unresolvedReferences(view: StackView, types: string[], prop: string): JoinResult["unresolved"] {
    const buckets = view.ofType(...S3_TYPES.bucket);
    return joinByReference(buckets, view.ofType(...types), prop, bucketIdentity, bucketNameFromRef).unresolved;
}

/** What `forEachBucket` hands the per-bucket check. */
export interface BucketCheck {
    bucket: BucketView;
    /**
     * The bucket's sub-resources of `part`. When it has none but some
     * sub-resource of that part could not be joined (unknown bucket, no
     * dependency information), the answer is undecidable: this throws the
     * SDK's unknown-value error, which `forEachBucket` parks for the SDK.
     */
    parts(part: BucketPart): PolicyResource[];
    /** Records a violation against the bucket. */
    fail(message: string): void;
}

/**
 * Runs `fn` for every bucket of the stack with its joined sub-resources,
 * parking unknowns per bucket so one undecidable bucket doesn't hide another
 * bucket's violation.
 */
export function forEachBucket(
    stack: StackView,
    ctx: StackContext<object>,
    fn: (b: BucketCheck) => void,
    filter: (b: BucketView) => boolean = () => true,
): CheckResult {
    const join = joinBuckets(stack);
    const findings = new Findings();
    for (const bucket of join.buckets) {
        if (!ctx.attempt(() => filter(bucket), bucket.resource.name, false)) {
            continue;
        }
        ctx.attempt(
            () =>
                fn({
                    bucket,
                    parts: (part) => {
                        const found = bucket.parts[part];
                        const pending = join.unresolved[part];
                        if (found.length === 0 && pending.length > 0) {
                            throw pending[0].error;
                        }
                        return found;
                    },
                    fail: (message) => findings.add(`${describeBucket(bucket)}: ${message}`, bucket.resource.urn),
                }),
            bucket.resource.name,
        );
    }
    return findings.result();
}

/** `bucket "logical" (physical-name)` for messages. */
export function describeBucket(b: BucketView): string {
    return b.name && b.name !== b.resource.name ? `bucket "${b.resource.name}" (${b.name})` : `bucket "${b.resource.name}"`;
}

/** A resource's tag `key`: from `tags`, else `tagsAll` (which carries the provider's default tags). */
export function tagOf(resource: PolicyResource, key: string): Probe {
    for (const source of ["tags", "tagsAll"]) {
        const tag = probe(resource.props, source, key);
        if (tag.state !== "missing") {
            return tag;
        }
    }
    return { state: "missing" };
}

/**
 * The buckets of the stack tagged `tagKey` with one of `tagValues`. A bucket whose tag is unknown
 * is left out and the unknown parked: whether it is selected is undecidable until the update.
 */
export function bucketsTagged(stack: StackView, ctx: StackContext<object>, tagKey: string, tagValues: readonly string[]): PolicyResource[] {
    return stack.ofType(...S3_TYPES.bucket).filter((b) => {
        const tag = tagOf(b, tagKey);
        if (tag.state === "unknown") {
            ctx.park(tag.error, `${b.name}.tags`);
            return false;
        }
        return tag.state === "known" && typeof tag.value === "string" && tagValues.includes(tag.value);
    });
}

/**
 * The bucket an `s3://bucket/key` URI names. With `complete: false` the text is only the start of
 * the URI (a run-time value's literal prefix), so the name counts only once a `/` ends it.
 */
export function bucketOfS3Uri(text: string, complete = true): string | undefined {
    const m = (complete ? /^s3:\/\/([^/]+)(\/|$)/ : /^s3:\/\/([^/]+)\//).exec(text);
    return m ? m[1] : undefined;
}
