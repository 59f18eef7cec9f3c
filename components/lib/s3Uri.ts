/**
 * `s3://bucket/key` locations and the IAM resources that cover them.
 *
 * SageMaker takes S3 locations as URIs while IAM grants on ARNs; these helpers
 * turn one into the other so a role is granted exactly the prefix a job reads
 * or writes, and no more.
 */
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement } from "./policyDocument";
import { isKnown, ValidationError } from "./validation";

/** A parsed `s3://bucket/key` URI. `key` has no leading slash and may be empty (the whole bucket). */
export interface S3Location {
    bucket: string;
    key: string;
}

// Bucket naming rules: 3-63 of lower-case letters, digits, dots and hyphens, starting and ending alphanumeric.
const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/** Parses `s3://bucket/key`; undefined when the text is not an S3 URI. */
export function parseS3Uri(uri: string): S3Location | undefined {
    const m = S3_URI.exec(uri);
    return m ? { bucket: m[1], key: m[2] ?? "" } : undefined;
}

/** The prefix with exactly one trailing slash (`a/b` and `a/b/` both give `a/b/`); empty stays empty. */
export function asPrefix(key: string): string {
    const trimmed = key.replace(/\/+$/, "");
    return trimmed === "" ? "" : `${trimmed}/`;
}

/**
 * Throws unless `value` is an `s3://bucket/...` URI. With `kind: "prefix"` the URI must name a prefix
 * (ending in `/` or being a bare bucket); with `kind: "object"` it must name an object (not ending in `/`).
 * Unknown values pass.
 */
export function checkS3Uri(field: string, value: pulumi.Input<string> | undefined, kind: "any" | "prefix" | "object" = "any"): void {
    if (value === undefined || !isKnown(value)) {
        return;
    }
    const loc = parseS3Uri(value);
    const forms = {
        any: 'an S3 URI such as "s3://bucket/path"',
        prefix: 'an S3 prefix URI ending in "/", such as "s3://bucket/models/"',
        object: 'an S3 object URI such as "s3://bucket/models/model.tar.gz" (not ending in "/")',
    };
    if (!loc) {
        throw new ValidationError(field, forms[kind], value);
    }
    if (kind === "prefix" && loc.key !== "" && !loc.key.endsWith("/")) {
        throw new ValidationError(field, forms.prefix, value);
    }
    if (kind === "object" && (loc.key === "" || loc.key.endsWith("/"))) {
        throw new ValidationError(field, forms.object, value);
    }
}

function requireLocation(uri: string): S3Location {
    const loc = parseS3Uri(uri);
    if (!loc) {
        // Reached only for values that were unknown at validation time.
        throw new Error(`"${uri}" is not an s3://bucket/key URI`);
    }
    return loc;
}

/** `arn:<partition>:s3:::<bucket>` of the bucket a URI points into. */
export function s3BucketArn(partition: pulumi.Input<string>, uri: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.all([partition, uri]).apply(([p, u]) => `arn:${p}:s3:::${requireLocation(u).bucket}`);
}

/** `arn:<partition>:s3:::<bucket>/<key>` of exactly the object a URI names. */
export function s3ObjectArn(partition: pulumi.Input<string>, uri: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.all([partition, uri]).apply(([p, u]) => {
        const loc = requireLocation(u);
        return `arn:${p}:s3:::${loc.bucket}/${loc.key}`;
    });
}

/** `arn:<partition>:s3:::<bucket>/<prefix>/*`: every object under the prefix a URI names. */
export function s3PrefixObjectsArn(partition: pulumi.Input<string>, uri: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.all([partition, uri]).apply(([p, u]) => {
        const loc = requireLocation(u);
        return `arn:${p}:s3:::${loc.bucket}/${asPrefix(loc.key)}*`;
    });
}

/** The `s3:prefix` condition value that lets `ListBucket` list under a URI's prefix: `<prefix>/*`. */
export function s3ListPrefix(uri: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(uri).apply((u) => `${asPrefix(requireLocation(u).key)}*`);
}

/** `s3:ListBucket` on the bucket of a URI, limited (`s3:prefix`) to listing under the URI's prefix. */
export function s3ListUnderStatement(sid: string, partition: pulumi.Input<string>, uri: pulumi.Input<string>): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: s3BucketArn(partition, uri),
        Condition: { StringLike: { "s3:prefix": s3ListPrefix(uri) } },
    };
}
