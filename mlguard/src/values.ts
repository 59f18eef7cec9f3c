/**
 * Pulumi property values in their three spellings.
 *
 * - **checkpoint**: what `pulumi stack export` and `pulumi preview --json` write. Secrets are
 *   `{sig, ciphertext}` or `{sig, plaintext}` (or a blinded `"[secret]"`), unknowns are the string
 *   sentinel.
 * - **wire**: what travels in a gRPC `Struct`. Secrets are `{sig, value}`, unknowns the sentinel.
 * - the SDK's own deserialization, which the policy pack does on its side.
 *
 * Converting checkpoint to wire follows the engine's `MarshalProperties` with the options the
 * analyzer plugin uses (`KeepUnknowns`, `KeepSecrets`, resources downgraded to their id or URN,
 * internal `__` keys skipped for Analyze).
 */

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The engine marshals every computed value as this string, whatever its type. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** What a blinding crypter (and `pulumi stack output`) writes in place of a secret. */
export const BLINDED = "[secret]";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function secret(value: Json): Json {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export interface WireOptions {
    /** Drop keys starting with `__` at every depth (Analyze and AnalyzeStack do; Remediate doesn't). */
    skipInternalKeys: boolean;
}

/**
 * A checkpoint value as the engine would marshal it to an analyzer.
 *
 * A secret whose plaintext is not in the file (encrypted, or blinded) reaches the pack as a secret
 * whose value is unknown: mlguard has no key to decrypt it, and "unknown" is how the policy SDK
 * says a value can't be checked.
 */
export function checkpointToWire(v: unknown, opts: WireOptions): Json {
    if (v === null || v === undefined) {
        return null;
    }
    if (typeof v === "string") {
        return v === BLINDED ? secret(UNKNOWN) : v;
    }
    if (typeof v === "number" || typeof v === "boolean") {
        return v;
    }
    if (Array.isArray(v)) {
        return v.map((e) => checkpointToWire(e, opts));
    }
    if (!isObject(v)) {
        return null;
    }
    const sig = v[SIG_KEY];
    switch (sig) {
        case SECRET_SIG: {
            if (typeof v.plaintext === "string") {
                let decoded: unknown;
                try {
                    decoded = JSON.parse(v.plaintext);
                } catch {
                    decoded = v.plaintext;
                }
                return secret(checkpointToWire(decoded, opts));
            }
            if ("value" in v) {
                return secret(checkpointToWire(v.value, opts));
            }
            return secret(UNKNOWN);
        }
        case RESOURCE_SIG: {
            // MarshalProperties without KeepResources downgrades a reference to its id (custom) or URN.
            if (typeof v.id === "string" && v.id !== "") {
                return v.id;
            }
            return typeof v.urn === "string" ? v.urn : UNKNOWN;
        }
        case OUTPUT_SIG: {
            const known = "value" in v && v.value !== undefined;
            const inner = known ? checkpointToWire(v.value, opts) : UNKNOWN;
            return v.secret === true ? secret(inner) : inner;
        }
        case ASSET_SIG:
            return stripHash(v);
        case ARCHIVE_SIG: {
            const out = stripHash(v) as Record<string, Json>;
            if (isObject(v.assets)) {
                const assets: Record<string, Json> = {};
                for (const k of Object.keys(v.assets)) {
                    assets[k] = checkpointToWire(v.assets[k], opts);
                }
                out.assets = assets;
            }
            return out;
        }
        default: {
            const out: Record<string, Json> = {};
            for (const k of Object.keys(v)) {
                if (opts.skipInternalKeys && k.startsWith("__")) {
                    continue;
                }
                const e = v[k];
                if (e === undefined) {
                    continue;
                }
                out[k] = checkpointToWire(e, opts);
            }
            return out;
        }
    }
}

function stripHash(v: Record<string, any>): Json {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(v)) {
        if (k !== "hash" && v[k] !== undefined) {
            out[k] = v[k];
        }
    }
    return out;
}

export function checkpointPropsToWire(props: unknown, opts: WireOptions): Record<string, Json> {
    const out = checkpointToWire(isObject(props) ? props : {}, opts);
    return isObject(out) ? (out as Record<string, Json>) : {};
}

/**
 * A wire value as `pulumi stack export --show-secrets` writes it: secrets carry their plaintext.
 * Nested secrets inside a secret are flattened, as the engine does.
 */
export function wireToCheckpoint(v: unknown): Json {
    if (v === null || v === undefined) {
        return null;
    }
    if (typeof v !== "object") {
        return v as Json;
    }
    if (Array.isArray(v)) {
        return v.map(wireToCheckpoint);
    }
    const obj = v as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) {
        return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(stableSort(unwrapSecrets(wireToCheckpoint(obj.value)))) };
    }
    const out: Record<string, Json> = {};
    for (const k of Object.keys(v)) {
        const e = (v as any)[k];
        if (e !== undefined) {
            out[k] = wireToCheckpoint(e);
        }
    }
    return out;
}

function unwrapSecrets(v: Json): Json {
    if (Array.isArray(v)) {
        return v.map(unwrapSecrets);
    }
    if (isObject(v)) {
        if (v[SIG_KEY] === SECRET_SIG && typeof v.plaintext === "string") {
            return unwrapSecrets(JSON.parse(v.plaintext));
        }
        const out: Record<string, Json> = {};
        for (const k of Object.keys(v)) {
            out[k] = unwrapSecrets(v[k]);
        }
        return out;
    }
    return v;
}

/** True when the wire value is, or contains, a secret. */
export function containsSecret(v: unknown): boolean {
    if (Array.isArray(v)) {
        return v.some(containsSecret);
    }
    if (isObject(v)) {
        if (v[SIG_KEY] === SECRET_SIG) {
            return true;
        }
        return Object.values(v).some(containsSecret);
    }
    return false;
}

/** Wraps a wire value as a secret unless it already is one. */
export function makeSecret(v: Json): Json {
    return isObject(v) && (v as Record<string, Json>)[SIG_KEY] === SECRET_SIG ? v : secret(v);
}

/** A deep copy with object keys in sorted order, so serialization is byte-stable. */
export function stableSort<T>(v: T): T {
    if (Array.isArray(v)) {
        return v.map(stableSort) as unknown as T;
    }
    if (isObject(v)) {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(v).sort()) {
            if (v[k] !== undefined) {
                out[k] = stableSort(v[k]);
            }
        }
        return out as T;
    }
    return v;
}

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
export function parseUrn(urn: string): { stack: string; project: string; qualifiedType: string; type: string; name: string } | undefined {
    if (!urn.startsWith("urn:pulumi:")) {
        return undefined;
    }
    const parts = urn.slice("urn:pulumi:".length).split("::");
    if (parts.length < 4) {
        return undefined;
    }
    const [stack, project, qualifiedType] = parts;
    const name = parts.slice(3).join("::");
    const type = qualifiedType.split("$").pop() ?? qualifiedType;
    return { stack, project, qualifiedType, type, name };
}

/** Splits a provider reference `<urn>::<id>` into its URN and id. */
export function parseProviderRef(ref: string): { urn: string; id: string } | undefined {
    const i = ref.lastIndexOf("::");
    if (i <= 0) {
        return undefined;
    }
    return { urn: ref.slice(0, i), id: ref.slice(i + 2) };
}
