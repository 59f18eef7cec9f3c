import { probe } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { evaluate, resourceRule } from "../../../lib/define";
import { compliant, Findings, notApplicable } from "../../../lib/result";
import { TAGGABLE_RESOURCE_TYPES } from "../../../lib/taggable";

interface Config {
    requiredTags: string[];
    allowedValues: Record<string, string[]>;
    excludeTypes: string[];
}

/** Tag keys (with the value, when known) from one tag map; unknown values count as present. */
function readTags(root: unknown, ...path: string[]): Map<string, string | undefined> {
    const out = new Map<string, string | undefined>();
    const t = probe(root, ...path);
    if (t.state === "unknown") {
        throw t.error;
    }
    if (t.state !== "known" || typeof t.value !== "object" || Array.isArray(t.value)) {
        return out;
    }
    for (const k of Object.keys(t.value as object)) {
        const v = probe(t.value, k);
        out.set(k, v.state === "known" && typeof v.value === "string" ? v.value : undefined);
    }
    return out;
}

/**
 * Every taggable resource carries the tags that say who owns it, which
 * environment and cost centre pay for it, and what class of data it holds —
 * the inventory PCI DSS 12.5.1 asks for and what cost allocation and
 * data-classification-driven controls (data events, object lock) key on.
 * Tags may come from the resource's `tags`, its `tagsAll`, or the provider's
 * `defaultTags`. The list of taggable types is generated from @pulumi/aws.
 */
export const taggingResourceEnforceRequiredTags = resourceRule<Config>({
    name: "aws-tagging-resource-enforce-required-tags",
    description: "Taggable AWS resources must carry the required tags (data-classification, owner, environment, cost-center by default).",
    severity: "medium",
    topics: ["tagging", "cost"],
    frameworks: [
        { framework: "pci-dss", controls: ["12.5.1"] },
        { framework: "ml-baseline", controls: ["ML-TAG-1"] },
    ],
    remediationSteps:
        "Pass `tags` to every component (they forward them to each taggable child), or set the provider's `defaultTags`, " +
        "with each required key. Keys and allowed values are set in the policy config.",
    configSchema: schema({
        requiredTags: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            default: ["data-classification", "owner", "environment", "cost-center"],
            description: "Tag keys every taggable resource must carry.",
        },
        allowedValues: {
            type: "object",
            additionalProperties: { type: "array", items: { type: "string" }, minItems: 1 },
            default: {},
            description: 'Optional allowed values per tag key, e.g. { "environment": ["dev", "staging", "prod"] }.',
        },
        excludeTypes: {
            type: "array",
            items: { type: "string" },
            default: ["aws:s3/bucketObject:BucketObject", "aws:s3/bucketObjectv2:BucketObjectv2"],
            description: "Taggable type tokens exempt from the rule (object tags are not cost-allocation tags).",
        },
    }),
    resourceTypes: [...TAGGABLE_RESOURCE_TYPES],
    check: (props, ctx) => {
        if ((ctx.config.excludeTypes ?? []).includes(ctx.type)) {
            return notApplicable(`${ctx.type} is excluded by config`);
        }
        const tags = new Map<string, string | undefined>();
        const merge = (m: Map<string, string | undefined>) => m.forEach((v, k) => tags.set(k, tags.get(k) ?? v));
        const sources: [unknown, string[], string][] = [
            [props, ["tagsAll"], "tagsAll"],
            [props, ["tags"], "tags"],
        ];
        const provider = ctx.args.provider;
        if (provider) {
            sources.push([provider.props, ["defaultTags", "tags"], "provider defaultTags"]);
        }
        const unknownSources: string[] = [];
        for (const [root, path, where] of sources) {
            const r = evaluate(() => readTags(root, ...path));
            if (r.state === "known") {
                merge(r.value);
            } else {
                unknownSources.push(where);
                ctx.attempt(() => {
                    throw r.error;
                }, where);
            }
        }
        const f = new Findings();
        const missing = ctx.config.requiredTags.filter((k) => !tags.has(k));
        // A computed tag map may hold the missing keys: then the unknown decides, not a violation.
        if (missing.length > 0 && unknownSources.length === 0) {
            f.add(`"${ctx.name}" is missing required tag(s): ${missing.join(", ")}.`);
        }
        for (const [key, allowed] of Object.entries(ctx.config.allowedValues ?? {})) {
            const v = tags.get(key);
            if (v !== undefined && Array.isArray(allowed) && !allowed.includes(v)) {
                f.add(`"${ctx.name}" has ${key}=${v}; allowed: ${allowed.join(", ")}.`);
            }
        }
        return f.count === 0 ? compliant() : f.result();
    },
});
