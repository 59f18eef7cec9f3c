/**
 * Whole checks that many resource rules share, for a property that must be
 * set or must hold one literal value. Each returns a `CheckResult`; an
 * unknown value throws the SDK's error, as a `get*` read does.
 */
import { getBool, getString, isSet } from "./access";
import { CheckResult, compliant, nonCompliant } from "./result";

/** Compliant when `field` will have a value (`isSet`: an unknown counts), else one finding, `message`. */
export function requireSet(props: unknown, field: string, message: string): CheckResult {
    return isSet(props, field) ? compliant() : nonCompliant(message);
}

/**
 * Compliant when `field` holds exactly `expected`; else one finding,
 * `<subject> has <field> <value>; it must be <expected>.`, where a missing
 * or mistyped value reads as unset with AWS's default (`awsDefault`).
 */
export function requireValue(props: unknown, field: string, expected: string | boolean, subject: string, awsDefault: string): CheckResult {
    const actual = typeof expected === "boolean" ? getBool(props, field) : getString(props, field);
    if (actual === expected) {
        return compliant();
    }
    const shown = (v: string | boolean) => (typeof v === "string" ? `"${v}"` : String(v));
    return nonCompliant(`${subject} has ${field} ${actual === undefined ? `unset (default ${awsDefault})` : shown(actual)}; it must be ${shown(expected)}.`);
}
