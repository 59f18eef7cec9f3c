/**
 * Argument validation shared by every component.
 *
 * Validation is pure: it runs on the plain args before any child resource is
 * created, so a bad value stops `pulumi up` with one message and nothing is
 * half-deployed. Values that are still `Output`s at construction time can't be
 * inspected and are skipped; they are checked by the policy packs instead.
 */
import * as pulumi from "@pulumi/pulumi";

/** Thrown for an invalid component argument or stack config value. */
export class ValidationError extends Error {
    /**
     * @param field dotted path of the offending argument, e.g. `GovernedDataLake.layers.raw.transitionToIaDays`.
     * @param expected the form the value must take, e.g. "an integer between 1 and 3650".
     * @param actual the value that was given.
     */
    constructor(
        public readonly field: string,
        public readonly expected: string,
        public readonly actual: unknown,
    ) {
        super(`invalid value for "${field}": expected ${expected}, got ${describe(actual)}`);
        this.name = "ValidationError";
    }
}

function describe(value: unknown): string {
    if (value === undefined) {
        return "nothing (the value is missing)";
    }
    try {
        return JSON.stringify(value);
    } catch {
        // JSON.stringify throws only on cycles and bigints; their default string is the best left.
        // eslint-disable-next-line @typescript-eslint/no-base-to-string
        return String(value);
    }
}

/** True when `value` is known now (not an `Output` or a promise). */
export function isKnown<T>(value: pulumi.Input<T> | undefined): value is T {
    return !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/** Throws unless `value` is an integer in [min, max]. Unknown values pass. */
export function checkInteger(field: string, value: pulumi.Input<number> | undefined, min: number, max: number): void {
    if (value === undefined || !isKnown(value)) {
        return;
    }
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new ValidationError(field, `an integer between ${min} and ${max}`, value);
    }
}

/** Throws unless `value` is one of `allowed`. Unknown values pass. */
export function checkOneOf<T extends string>(field: string, value: pulumi.Input<T> | undefined, allowed: readonly T[]): void {
    if (value === undefined || !isKnown(value)) {
        return;
    }
    if (!allowed.includes(value)) {
        throw new ValidationError(field, `one of ${allowed.map((a) => `"${a}"`).join(", ")}`, value);
    }
}

/** Throws when a required value is missing or empty. */
export function checkRequired(field: string, value: unknown, expected: string): void {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)) {
        throw new ValidationError(field, expected, value);
    }
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Throws unless `value` is an IPv4 CIDR block with a prefix between `minPrefix` and `maxPrefix`. */
export function checkCidr(field: string, value: string | undefined, minPrefix = 16, maxPrefix = 28): void {
    if (value === undefined) {
        return;
    }
    const m = CIDR.exec(value);
    const expected = `an IPv4 CIDR block such as "10.20.0.0/16" with a prefix from /${minPrefix} to /${maxPrefix}`;
    if (!m) {
        throw new ValidationError(field, expected, value);
    }
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix < minPrefix || prefix > maxPrefix) {
        throw new ValidationError(field, expected, value);
    }
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    if (address % 2 ** (32 - prefix) !== 0) {
        throw new ValidationError(field, `${expected}, with no host bits set`, value);
    }
}

/** Throws unless `value` is an ARN (optionally of the given service). Unknown values pass. */
export function checkArn(field: string, value: pulumi.Input<string> | undefined, service?: string): void {
    if (value === undefined || !isKnown(value)) {
        return;
    }
    const parts = value.split(":");
    if (parts.length < 6 || parts[0] !== "arn" || (service !== undefined && parts[2] !== service)) {
        throw new ValidationError(field, `an ARN${service ? ` of the ${service} service` : ""} ("arn:aws:${service ?? "<service>"}:...")`, value);
    }
}

/** The retention periods CloudWatch Logs accepts, in days (0 keeps events forever). */
export const LOG_RETENTION_DAYS: readonly number[] = [
    0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/**
 * Throws unless `value` is a retention CloudWatch Logs accepts and at least `minDays`
 * (0, "never expire", always satisfies the minimum). Unknown values pass.
 */
export function checkLogRetentionDays(field: string, value: pulumi.Input<number> | undefined, minDays = 1): void {
    if (value === undefined || !isKnown(value)) {
        return;
    }
    const allowed = LOG_RETENTION_DAYS.filter((d) => d === 0 || d >= minDays);
    if (!allowed.includes(value)) {
        throw new ValidationError(field, `one of CloudWatch Logs' retention periods in days (${allowed.join(", ")})`, value);
    }
}
