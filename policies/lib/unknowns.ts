/**
 * How @pulumi/policy represents values that cannot be known during a preview.
 *
 * The engine sends unknown values as sentinel strings. The SDK wraps every
 * resource's props in `unknownCheckingProxy`, which throws `UnknownValueError`
 * the moment a policy reads one; the SDK catches that error and reports
 * "can't run policy '…' during preview: …" as an advisory diagnostic instead of
 * a violation. The library keeps that contract: a rule that cannot decide
 * because a value it needs is unknown lets (or makes) that error reach the SDK.
 *
 * `@pulumi/policy` 1.21 exports `unknownCheckingProxy` and `UnknownValueError`
 * from its index, but its typings declare neither (proxy.d.ts is empty), so
 * they are re-exported here with types.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy");

/** The SDK's error for a read of an unknown value; its message names the property path. */
export interface UnknownValueErrorLike extends Error {
    /** The property path that was read, e.g. `["rules", "0", "bucketKeyEnabled"]`. */
    props: (string | symbol)[];
    /** The sentinel that was found. */
    unknownTypeSentinel: string;
}

/** The SDK's `UnknownValueError` class. */
export const UnknownValueError: new (sentinel: string, props: (string | symbol)[]) => UnknownValueErrorLike = proxy.UnknownValueError;

/** Wraps props exactly as the SDK does before a policy sees them. */
export function unknownCheckingProxy<T>(props: T): T {
    return proxy.unknownCheckingProxy(props);
}

/** True when `e` is the SDK's unknown-value error. */
export function isUnknownValueError(e: unknown): e is UnknownValueErrorLike {
    return e instanceof UnknownValueError;
}

/** The engine's sentinels, one per kind of value, as they arrive in props. */
export const UNKNOWN = {
    boolean: proxy.unknownBooleanValue as string,
    number: proxy.unknownNumberValue as string,
    string: proxy.unknownStringValue as string,
    array: proxy.unknownArrayValue as string,
    asset: proxy.unknownAssetValue as string,
    archive: proxy.unknownArchiveValue as string,
    object: proxy.unknownObjectValue as string,
} as const;

const SENTINELS = new Set<unknown>(Object.values(UNKNOWN));

/** True when `v` is one of the engine's unknown sentinels (for values read outside a proxy). */
export function isUnknownSentinel(v: unknown): boolean {
    return SENTINELS.has(v);
}

/** Makes the SDK's error for an unknown value at `path`. */
export function unknownAt(path: (string | number)[], sentinel: string = UNKNOWN.string): UnknownValueErrorLike {
    return new UnknownValueError(sentinel, path.map(String));
}
