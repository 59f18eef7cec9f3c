/**
 * Waivers: a reviewed, dated exception to one rule for named resources.
 *
 * A waiver lives in the policy-pack config under the policy it waives, so the
 * engine hands it to that policy's `getConfig()` and every runner (`pulumi
 * preview --policy-pack`, `pulumi policy analyze`, mlguard) honours it the
 * same way, inside the pack:
 *
 * ```json
 * "aws-s3-bucket-enable-versioning": {
 *   "enforcementLevel": "mandatory",
 *   "waivers": [{ "resource": "legacy-export-*", "reason": "Vendor feed, replaced in Q1",
 *                 "expires": "2027-01-31", "ticket": "SEC-142", "approvedBy": "security-team" }]
 * }
 * ```
 *
 * - `resource` is a URN (when it starts with `urn:`) or a resource-name glob
 *   (`*` any run of characters, `?` one character); a URN may use the same wildcards.
 * - The config schema checks the shape (known keys, `resource` and `expires`
 *   present, `expires` a date). What it cannot see in isolation is reported as a
 *   violation of the policy, at the policy's own level, and such a waiver waives
 *   nothing: a missing or blank `reason`; an `expires` that has passed, is not a
 *   real date, or lies more than `maxWaiverDays` ahead of the analysis date; a
 *   waiver that matches no resource the policy checks in the stack; and, on a
 *   critical rule, any waiver when `environment` is `prod` unless the policy's
 *   config sets `allowCriticalWaivers: true`.
 * - A waived violation is still reported, as advisory, its message starting
 *   with {@link WAIVED_PREFIX}: `[waived until 2027-01-31: "reason" ticket
 *   "SEC-142" approved by "security-team"] <finding>`. The reason, ticket and
 *   approver are JSON string literals so a reader (mlguard) recovers them
 *   exactly, whatever characters they hold.
 */
import type { PolicyConfigSchema, Severity } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { ENVIRONMENT_PROPERTY, Environment } from "./config";

/** One waiver as the config file writes it. */
export interface Waiver {
    resource: string;
    reason?: string;
    expires: string;
    ticket?: string;
    approvedBy?: string;
}

/** The waiver settings every rule accepts. */
export interface WaiverSettings {
    waivers?: Waiver[];
    maxWaiverDays?: number;
    allowCriticalWaivers?: boolean;
    environment?: Environment;
}

/** How far ahead a waiver may expire when the config does not say. */
export const DEFAULT_MAX_WAIVER_DAYS = 180;

/** The start of every waived violation's finding line. */
export const WAIVED_PREFIX = "[waived until ";

const WAIVER_SCHEMA: PolicyConfigJSONSchema = {
    type: "object",
    properties: {
        resource: { type: "string", minLength: 1, description: "URN or resource-name glob (`*`, `?`) of the waived resources." },
        reason: { type: "string", description: "Why the rule cannot be met yet. A missing or blank reason is a violation." },
        expires: {
            type: "string",
            pattern: "^\\d{4}-\\d{2}-\\d{2}",
            description: "ISO 8601 date the waiver ends (valid through that UTC day), at most `maxWaiverDays` ahead.",
        },
        ticket: { type: "string", minLength: 1, description: "Tracking ticket of the remediation work." },
        approvedBy: { type: "string", minLength: 1, description: "Who approved the waiver." },
    },
    required: ["resource", "expires"],
    additionalProperties: false,
};

/** The config properties a rule gains for waivers; `environment` only where critical waivers need it. */
export function waiverProperties(severity: Severity): Record<string, PolicyConfigJSONSchema> {
    return {
        waivers: {
            type: "array",
            items: WAIVER_SCHEMA,
            default: [],
            description: "Dated, reasoned exceptions to this policy for named resources. A waived violation is reported as advisory.",
        },
        maxWaiverDays: {
            type: "integer",
            minimum: 1,
            default: DEFAULT_MAX_WAIVER_DAYS,
            description: "Furthest a waiver's `expires` may lie ahead of the analysis date, in days.",
        },
        ...(severity === "critical"
            ? {
                  allowCriticalWaivers: {
                      type: "boolean",
                      default: false,
                      description: "Lets this critical policy accept waivers in prod. Off, so a critical waiver in prod is a violation.",
                  },
                  environment: ENVIRONMENT_PROPERTY,
              }
            : {}),
    };
}

/** A rule's schema with the waiver properties added; the rule's own properties win a name clash. */
export function withWaiverSchema(severity: Severity, own: PolicyConfigSchema | undefined): PolicyConfigSchema {
    return { ...(own ?? {}), properties: { ...waiverProperties(severity), ...(own?.properties ?? {}) } };
}

const DAY_MS = 86_400_000;

/** Midnight UTC of a `YYYY-MM-DD…` date, or undefined when it is no real calendar date. */
function utcDay(date: string): number | undefined {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
    if (!m) {
        return undefined;
    }
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    // Date.UTC rolls 2027-02-30 over into March; a real date survives the round trip.
    return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : undefined;
}

function globRegExp(glob: string): RegExp {
    const body = glob
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${body}$`);
}

/** Whether a waiver's `resource` names this resource: a URN (glob) when it starts with `urn:`, else a name glob. */
export function waiverMatches(w: Pick<Waiver, "resource">, resource: { urn: string; name: string }): boolean {
    const target = w.resource.startsWith("urn:") ? resource.urn : resource.name;
    return globRegExp(w.resource).test(target);
}

function label(w: Waiver): string {
    return `waiver for "${w.resource}"`;
}

/** The waivers a policy may apply, and a message for each one it may not. */
export interface CheckedWaivers {
    usable: Waiver[];
    problems: string[];
}

/** Checks a policy's waivers against the rules above, as of `now`. */
export function checkWaivers(settings: WaiverSettings, severity: Severity, now: Date = new Date()): CheckedWaivers {
    const usable: Waiver[] = [];
    const problems: string[] = [];
    const waivers = settings.waivers ?? [];
    if (waivers.length === 0) {
        return { usable, problems };
    }
    const maxDays = settings.maxWaiverDays ?? DEFAULT_MAX_WAIVER_DAYS;
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const criticalLocked = severity === "critical" && (settings.environment ?? "prod") === "prod" && settings.allowCriticalWaivers !== true;
    for (const w of waivers) {
        const day = utcDay(w.expires);
        if (criticalLocked) {
            problems.push(
                `${label(w)} is not accepted: critical policies take no waivers in prod unless the policy's config sets "allowCriticalWaivers": true`,
            );
        } else if (typeof w.reason !== "string" || w.reason.trim() === "") {
            problems.push(`${label(w)} has no reason: set "reason" to why the policy cannot be met yet`);
        } else if (day === undefined) {
            problems.push(`${label(w)} has expires "${w.expires}", which is no calendar date; expected an ISO 8601 date such as "2027-01-31"`);
        } else if (day < today) {
            problems.push(`${label(w)} expired on ${w.expires.slice(0, 10)}: fix the resource, or renew the waiver with a new date and reason`);
        } else if ((day - today) / DAY_MS > maxDays) {
            problems.push(`${label(w)} expires ${w.expires.slice(0, 10)}, more than ${maxDays} days ahead (maxWaiverDays); choose an earlier date`);
        } else {
            usable.push(w);
        }
    }
    return { usable, problems };
}

/** The problems of waivers that match none of `resources`. */
export function unmatchedWaivers(waivers: Waiver[], resources: readonly { urn: string; name: string }[]): string[] {
    return waivers
        .filter((w) => !resources.some((r) => waiverMatches(w, r)))
        .map((w) => `${label(w)} matches no resource this policy checks in the stack: correct "resource" or remove the waiver`);
}

/** The finding line of a waived violation: {@link WAIVED_PREFIX}, the waiver's terms, then the finding. */
export function waivedFinding(w: Waiver, finding: string): string {
    const terms = [
        JSON.stringify(w.reason ?? ""),
        ...(w.ticket ? [`ticket ${JSON.stringify(w.ticket)}`] : []),
        ...(w.approvedBy ? [`approved by ${JSON.stringify(w.approvedBy)}`] : []),
    ];
    return `${WAIVED_PREFIX}${w.expires.slice(0, 10)}: ${terms.join(" ")}] ${finding}`;
}
