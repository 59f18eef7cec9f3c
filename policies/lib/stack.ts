/**
 * Joining resources of a stack by the references between them.
 *
 * In @pulumi/aws v7 a bucket's encryption, versioning, public access block,
 * policy, logging and object lock are separate resources naming the bucket in
 * a `bucket` property; a flow log names its VPC in `vpcId`; a route names its
 * table in `routeTableId`. A stack rule has to put those back together.
 *
 * The join uses two sources, in this order:
 * 1. the reference value, when known, matched against the parent's identity
 *    values (name, id-like properties, ARN);
 * 2. the engine's `propertyDependencies` for that property, which name the
 *    resources the value was computed from. This is what still works during a
 *    preview, when `bucket: bucket.id` of a bucket not yet created is unknown.
 *
 * A reference that is unknown and has no dependency information cannot be
 * joined; it is returned as `unresolved` with the SDK's unknown-value error,
 * so the rule can surface it the way the SDK does instead of guessing.
 */
import type { PolicyResource } from "@pulumi/policy";
import { probe } from "./access";
import { UnknownValueErrorLike } from "./unknowns";

export interface JoinResult {
    /** Children per parent URN. Every parent has an entry (possibly empty). */
    byParent: Map<string, PolicyResource[]>;
    /** Children whose reference is known but names no parent in this stack (managed elsewhere). */
    external: PolicyResource[];
    /** Children that could not be placed: the reference is unknown and no dependency names a parent. */
    unresolved: { child: PolicyResource; error: UnknownValueErrorLike }[];
}

/** The known string values of `props` at each of `paths` (unknown or missing ones are skipped). */
export function knownStrings(props: unknown, ...paths: string[][]): string[] {
    const out: string[] = [];
    for (const path of paths) {
        const p = probe(props, ...path);
        if (p.state === "known" && typeof p.value === "string" && p.value !== "") {
            out.push(p.value);
        }
    }
    return out;
}

/** The resources the engine says `prop` of `r` was computed from. Never throws. */
export function dependenciesOf(r: PolicyResource, prop: string): PolicyResource[] {
    try {
        const deps = r.propertyDependencies?.[prop];
        return Array.isArray(deps) ? deps.filter((d) => d !== undefined && d !== null) : [];
    } catch {
        return [];
    }
}

/**
 * Attaches each child to the parent(s) its `prop` refers to.
 *
 * @param identity the values a reference to a parent may hold (e.g. a bucket's name and ARN)
 * @param normalize maps a reference value to the identity form (e.g. an S3 ARN to a bucket name)
 */
export function joinByReference(
    parents: PolicyResource[],
    children: PolicyResource[],
    prop: string,
    identity: (parent: PolicyResource) => string[],
    normalize: (ref: string) => string = (r) => r,
): JoinResult {
    const byParent = new Map<string, PolicyResource[]>();
    const byIdentity = new Map<string, PolicyResource[]>();
    const parentUrns = new Set<string>();
    for (const p of parents) {
        byParent.set(p.urn, []);
        parentUrns.add(p.urn);
        for (const id of identity(p)) {
            const list = byIdentity.get(id) ?? [];
            list.push(p);
            byIdentity.set(id, list);
        }
    }
    const external: PolicyResource[] = [];
    const unresolved: JoinResult["unresolved"] = [];
    for (const child of children) {
        const ref = probe(child.props, prop);
        let matched: PolicyResource[] = [];
        if (ref.state === "known" && typeof ref.value === "string") {
            matched = byIdentity.get(normalize(ref.value)) ?? byIdentity.get(ref.value) ?? [];
        }
        if (matched.length === 0) {
            matched = dependenciesOf(child, prop).filter((d) => parentUrns.has(d.urn));
        }
        if (matched.length > 0) {
            for (const m of new Set(matched)) {
                byParent.get(m.urn)?.push(child);
            }
        } else if (ref.state === "unknown") {
            unresolved.push({ child, error: ref.error });
        } else {
            external.push(child);
        }
    }
    return { byParent, external, unresolved };
}

/**
 * The parents a reference property of `r` points at, among `candidates`,
 * by value or by dependency. `unknown` is set when the reference is unknown
 * and no dependency resolves it.
 */
export function referencedBy(
    r: PolicyResource,
    prop: string,
    candidates: PolicyResource[],
    identity: (parent: PolicyResource) => string[],
    normalize: (ref: string) => string = (x) => x,
): { targets: PolicyResource[]; unknown?: UnknownValueErrorLike; missing: boolean } {
    const j = joinByReference(candidates, [r], prop, identity, normalize);
    const targets = candidates.filter((c) => (j.byParent.get(c.urn) ?? []).length > 0);
    const u = j.unresolved[0];
    const ref = probe(r.props, prop);
    return { targets, unknown: u ? u.error : undefined, missing: ref.state === "missing" };
}

/** Tags of a resource (`tags`, falling back to `tagsAll`), keys and known string values only. */
export function tagsOf(r: PolicyResource | { props: unknown }): Map<string, string | undefined> {
    const out = new Map<string, string | undefined>();
    for (const source of ["tagsAll", "tags"]) {
        const t = probe(r.props, source);
        if (t.state !== "known" || typeof t.value !== "object" || t.value === null) {
            continue;
        }
        for (const k of Object.keys(t.value)) {
            const v = probe(t.value, k);
            out.set(k, v.state === "known" && typeof v.value === "string" ? v.value : undefined);
        }
    }
    return out;
}

/** Every known string anywhere under `value` (unknowns are skipped, never thrown). */
export function collectStrings(value: unknown, out: Set<string> = new Set(), depth = 0): Set<string> {
    if (depth > 32) {
        return out;
    }
    if (typeof value === "string") {
        out.add(value);
        return out;
    }
    if (typeof value !== "object" || value === null) {
        return out;
    }
    let keys: string[];
    try {
        keys = Object.keys(value);
    } catch {
        return out;
    }
    for (const k of keys) {
        const p = probe(value, k);
        if (p.state === "known") {
            collectStrings(p.value, out, depth + 1);
        }
    }
    return out;
}

/** The resources among `candidates` that `r` refers to anywhere: by dependency on any property, or by value. */
export function referencedAnywhere(r: PolicyResource, candidates: PolicyResource[], identity: (c: PolicyResource) => string[]): PolicyResource[] {
    const wanted = new Set(candidates.map((c) => c.urn));
    const found = new Set<PolicyResource>();
    let props: string[];
    try {
        props = Object.keys(r.propertyDependencies ?? {});
    } catch {
        props = [];
    }
    for (const prop of props) {
        for (const d of dependenciesOf(r, prop)) {
            if (wanted.has(d.urn)) {
                found.add(candidates.find((c) => c.urn === d.urn)!);
            }
        }
    }
    const strings = collectStrings(r.props);
    for (const c of candidates) {
        if (identity(c).some((id) => strings.has(id))) {
            found.add(c);
        }
    }
    return [...found];
}

/** `arn:aws:ec2:region:account:vpc/vpc-123` → `vpc-123`; anything else unchanged. */
export function ec2IdFromRef(ref: string): string {
    const m = /^arn:aws[a-z-]*:ec2:[^:]*:[^:]*:[a-z-]+\/(.+)$/.exec(ref);
    return m ? m[1] : ref;
}

/** Identity values of an EC2 resource: its `id` and the id inside its ARN. */
export function ec2Identity(r: PolicyResource): string[] {
    return knownStrings(r.props, ["id"], ["arn"]).map(ec2IdFromRef);
}
