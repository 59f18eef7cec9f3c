import type { PolicyResource } from "@pulumi/policy";
import { getArray, getBool, getString, getStrings } from "../../../lib/access";
import { schema, tagSelectorProperties } from "../../../lib/config";
import { evaluate, findingFor, stackRule } from "../../../lib/define";
import { DATA_ACCESS_LOGGING_CONTROLS } from "../../../lib/frameworks";
import { Findings, notApplicable } from "../../../lib/result";
import { bucketIdentity, bucketsReferencedBy, S3_TYPES } from "../../../lib/s3";
import { dependenciesOf, tagsOf } from "../../../lib/stack";
import { isUnknownValueError } from "../../../lib/unknowns";
import { TRAIL_TYPE } from "./enableMultiRegionTrail";

interface Config {
    regulatedOnly: boolean;
    regulatedDataTagKey: string;
    regulatedDataTagValues: string[];
    managedElsewhere: boolean;
    exemptLogBuckets: boolean;
}

type Access = { read: boolean; write: boolean };

const CONFIG_CHANNEL = "aws:cfg/deliveryChannel:DeliveryChannel";

/** A prefix naming every bucket: `arn:aws:s3` or `arn:aws:s3:::`. */
function coversAllBuckets(prefix: string): boolean {
    return /^arn:aws[a-z-]*:s3(:::)?$/.test(prefix);
}

/** Does an S3 ARN prefix from a selector cover all objects of bucket `name`? */
function prefixCovers(prefix: string, name: string): boolean {
    const m = /^arn:aws[a-z-]*:s3:::([^/]+)(\/)?$/.exec(prefix);
    return m !== null && m[1] === name;
}

/**
 * Does `container[field]` (a list of ARN prefixes) cover the bucket? Known
 * values are matched by prefix. When a value is unknown, or the bucket's name
 * is, the trail's dependency for the selector property decides: the ARN was
 * computed from the bucket. Otherwise the unknown is thrown for the SDK.
 */
function valuesCover(container: unknown, field: string, bucket: PolicyResource, name: string | undefined, trail: PolicyResource, prop: string): boolean {
    let pending: Error | undefined;
    try {
        for (const v of getArray(container, field)) {
            if (typeof v === "string" && (coversAllBuckets(v) || (name !== undefined && prefixCovers(v, name)))) {
                return true;
            }
        }
    } catch (e) {
        if (!isUnknownValueError(e)) {
            throw e;
        }
        pending = e;
    }
    if ((pending !== undefined || name === undefined) && dependenciesOf(trail, prop).some((d) => d.urn === bucket.urn)) {
        return true;
    }
    if (pending !== undefined) {
        throw pending;
    }
    return false;
}

/** Read/write coverage of one bucket by one trail. */
function coverage(trail: PolicyResource, bucket: PolicyResource): Access {
    const name = bucketIdentity(bucket)[0];
    const acc: Access = { read: false, write: false };
    for (const sel of getArray(trail.props, "eventSelectors")) {
        for (const dr of getArray(sel, "dataResources")) {
            if (getString(dr, "type") !== "AWS::S3::Object") {
                continue;
            }
            if (!valuesCover(dr, "values", bucket, name, trail, "eventSelectors")) {
                continue;
            }
            const rw = getString(sel, "readWriteType") ?? "All";
            acc.read = acc.read || rw === "All" || rw === "ReadOnly";
            acc.write = acc.write || rw === "All" || rw === "WriteOnly";
        }
    }
    for (const sel of getArray(trail.props, "advancedEventSelectors")) {
        const fields = new Map<string, unknown>();
        for (const fs of getArray(sel, "fieldSelectors")) {
            const field = getString(fs, "field");
            if (field !== undefined) {
                fields.set(field, fs);
            }
        }
        const category = fields.get("eventCategory");
        const type = fields.get("resources.type");
        if (!category || !getStrings(category, "equals").includes("Data") || !type || !getStrings(type, "equals").includes("AWS::S3::Object")) {
            continue;
        }
        const arn = fields.get("resources.ARN");
        if (arn !== undefined) {
            if (!valuesCover(arn, "startsWiths", bucket, name, trail, "advancedEventSelectors")) {
                continue;
            }
        }
        const readOnly = fields.get("readOnly");
        const ro = readOnly ? getStrings(readOnly, "equals") : [];
        acc.read = acc.read || ro.length === 0 || ro.includes("true");
        acc.write = acc.write || ro.length === 0 || ro.includes("false");
    }
    return acc;
}

/** Does a trail record S3 object data events at all (for any bucket)? */
function recordsS3DataEvents(trail: PolicyResource): boolean {
    const basic = getArray(trail.props, "eventSelectors").some((sel) =>
        getArray(sel, "dataResources").some((dr) => getString(dr, "type") === "AWS::S3::Object"),
    );
    return (
        basic ||
        getArray(trail.props, "advancedEventSelectors").some((sel) => {
            const fields = getArray(sel, "fieldSelectors");
            const equals = (field: string) => fields.filter((fs) => getString(fs, "field") === field).flatMap((fs) => getStrings(fs, "equals"));
            return equals("eventCategory").includes("Data") && equals("resources.type").includes("AWS::S3::Object");
        })
    );
}

/**
 * Object-level access to data (who read which PHI / cardholder object,
 * when) is only in CloudTrail data events; management events don't record
 * GetObject/PutObject. As Config's cloudtrail-s3-dataevents-enabled, a stack
 * whose logging trails record management events only is reported, and every
 * bucket of the stack must be covered, for reads and writes, by a logging
 * trail's `eventSelectors` (AWS::S3::Object data resources) or
 * `advancedEventSelectors` (eventCategory Data, resources.type
 * AWS::S3::Object, with or without resources.ARN prefixes). The stack's
 * buckets play the part of Config's `S3BucketNames`; requiring both reads and
 * writes is stricter than Config.
 *
 * Log buckets are exempt by default (narrower than Config): their objects are
 * records written by AWS services, and a trail recording its own bucket's
 * data events loops. With `regulatedOnly`, only buckets tagged as holding
 * regulated data (default `data-classification` = phi or pci) are required,
 * and the management-events-only check is off; no environment's config sets
 * it.
 */
export const cloudtrailTrailEnableS3DataEvents = stackRule<Config>({
    name: "aws-cloudtrail-trail-enable-s3-data-events",
    description: "CloudTrail must record S3 data events (read and write) for every bucket of the stack; trails recording management events only are reported.",
    severity: "high",
    topics: ["logging"],
    frameworks: DATA_ACCESS_LOGGING_CONTROLS,
    remediationSteps:
        "Add to the trail an advanced event selector with `eventCategory` = Data, `resources.type` = AWS::S3::Object and " +
        "`resources.ARN` startsWith `arn:aws:s3:::<bucket>/` for each regulated bucket (or an eventSelectors dataResource with " +
        "the same prefix and readWriteType All).",
    configSchema: schema({
        regulatedOnly: {
            type: "boolean",
            default: false,
            description:
                "Require data events only for buckets tagged as holding regulated data (regulatedDataTagKey/Values), and don't report trails without S3 data events.",
        },
        ...tagSelectorProperties("regulatedData", "data-classification", ["phi", "pci"]),
        managedElsewhere: {
            type: "boolean",
            default: false,
            description: "Data events for this account are recorded by a trail managed elsewhere.",
        },
        exemptLogBuckets: {
            type: "boolean",
            default: true,
            description:
                "Exempt log buckets (targets of BucketLogging, trail and AWS Config destinations): their objects are records written by AWS services, and logging a trail's own bucket loops.",
        },
    }),
    appliesTo: [...S3_TYPES.bucket, TRAIL_TYPE],
    check: (stack, ctx) => {
        if (ctx.config.managedElsewhere) {
            return notApplicable("data events are recorded by a trail managed elsewhere (config managedElsewhere: true)");
        }
        const values = new Set(ctx.config.regulatedDataTagValues);
        const logBuckets = ctx.config.exemptLogBuckets
            ? new Set([
                  ...bucketsReferencedBy(stack, [...S3_TYPES.logging], "targetBucket"),
                  ...bucketsReferencedBy(stack, [TRAIL_TYPE, CONFIG_CHANNEL], "s3BucketName"),
              ])
            : new Set<string>();
        const inScope = stack.ofType(...S3_TYPES.bucket).filter((b) => {
            if (logBuckets.has(b.urn)) {
                return false;
            }
            const v = tagsOf(b).get(ctx.config.regulatedDataTagKey);
            return !ctx.config.regulatedOnly || (v !== undefined && values.has(v));
        });
        const trails = stack.ofType(TRAIL_TYPE).filter((t) => ctx.attempt(() => getBool(t.props, "enableLogging") !== false, t.name, false));
        if (ctx.config.regulatedOnly && inScope.length === 0) {
            return notApplicable(`no bucket is tagged ${ctx.config.regulatedDataTagKey}=${[...values].join("|")}`);
        }
        const f = new Findings();
        if (!ctx.config.regulatedOnly && trails.length > 0) {
            const records = trails.map((t) => evaluate(() => recordsS3DataEvents(t)));
            if (records.every((r) => r.state === "known" && !r.value)) {
                for (const t of trails) {
                    f.add(findingFor(t, "records management events only; no logging trail of the stack records S3 data events."));
                }
            } else if (!records.some((r) => r.state === "known" && r.value)) {
                for (const r of records) {
                    if (r.state === "unknown") {
                        ctx.park(r.error, "eventSelectors");
                    }
                }
            }
        }
        for (const bucket of inScope) {
            const acc: Access = { read: false, write: false };
            const undecided: ReturnType<typeof evaluate>[] = [];
            for (const t of trails) {
                const c = evaluate(() => coverage(t, bucket));
                if (c.state === "known") {
                    acc.read = acc.read || c.value.read;
                    acc.write = acc.write || c.value.write;
                } else {
                    undecided.push(c);
                }
            }
            if (acc.read && acc.write) {
                continue;
            }
            if (undecided.length > 0) {
                for (const u of undecided) {
                    if (u.state === "unknown") {
                        ctx.park(u.error, bucket.name);
                    }
                }
                continue;
            }
            const missing = [!acc.read ? "read" : "", !acc.write ? "write" : ""].filter(Boolean).join(" and ");
            f.add(findingFor(bucket, `${ctx.config.regulatedOnly ? "holds regulated data but " : ""}no logging trail records its S3 ${missing} data events.`));
        }
        return f.result();
    },
});
