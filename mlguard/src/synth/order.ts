/**
 * A stable dependency order for a stack's resources.
 *
 * Pulumi requires every resource to come after its parent, provider and dependencies. Among the
 * resources that are ready, this picks them in tree order (root stack, providers, then each
 * component followed by its subtree, siblings by URN), so the result depends only on the graph,
 * never on the order in which promises happened to resolve.
 */
import { StateResource } from "../model";
import { parseProviderRef } from "../values";
import { ROOT_STACK_TYPE } from "./capture";

function rank(r: StateResource): number {
    if (r.type === ROOT_STACK_TYPE) {
        return 0;
    }
    return r.type.startsWith("pulumi:providers:") ? 1 : 2;
}

function compare(a: StateResource, b: StateResource): number {
    return rank(a) - rank(b) || (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);
}

export function prerequisites(r: StateResource): string[] {
    const out = new Set<string>();
    if (r.parent) {
        out.add(r.parent);
    }
    if (r.provider) {
        const ref = parseProviderRef(r.provider);
        if (ref) {
            out.add(ref.urn);
        }
    }
    for (const d of r.dependencies) {
        out.add(d);
    }
    for (const deps of Object.values(r.propertyDependencies)) {
        for (const d of deps ?? []) {
            out.add(d);
        }
    }
    out.delete(r.urn);
    return [...out];
}

/** A binary heap of indices, smallest first. */
class MinHeap {
    private readonly a: number[] = [];
    get size(): number {
        return this.a.length;
    }
    push(v: number): void {
        const a = this.a;
        a.push(v);
        let i = a.length - 1;
        while (i > 0) {
            const p = (i - 1) >> 1;
            if (a[p] <= a[i]) {
                break;
            }
            [a[p], a[i]] = [a[i], a[p]];
            i = p;
        }
    }
    pop(): number {
        const a = this.a;
        const top = a[0];
        const last = a.pop()!;
        if (a.length > 0) {
            a[0] = last;
            let i = 0;
            for (;;) {
                const l = 2 * i + 1;
                const r = l + 1;
                let m = i;
                if (l < a.length && a[l] < a[m]) {
                    m = l;
                }
                if (r < a.length && a[r] < a[m]) {
                    m = r;
                }
                if (m === i) {
                    break;
                }
                [a[m], a[i]] = [a[i], a[m]];
                i = m;
            }
        }
        return top;
    }
}

export function orderResources(resources: StateResource[]): StateResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, StateResource[]>();
    const roots: StateResource[] = [];
    // Providers without a parent are ordered as the root stack's first children, as the engine
    // registers a default provider just before the first resource that needs it.
    const root = resources.find((r) => r.type === ROOT_STACK_TYPE && !r.parent);
    const treeParent = (r: StateResource) => (r.parent && byUrn.has(r.parent) ? r.parent : root && r !== root && rank(r) === 1 ? root.urn : undefined);
    for (const r of resources) {
        const parent = treeParent(r);
        if (parent) {
            const list = children.get(parent) ?? [];
            list.push(r);
            children.set(parent, list);
        } else {
            roots.push(r);
        }
    }
    // Tree order: depth-first, siblings sorted.
    const tree: StateResource[] = [];
    const stack = roots.sort(compare).reverse();
    while (stack.length > 0) {
        const r = stack.pop()!;
        tree.push(r);
        const kids = (children.get(r.urn) ?? []).sort(compare);
        for (let i = kids.length - 1; i >= 0; i--) {
            stack.push(kids[i]);
        }
    }
    const index = new Map(tree.map((r, i) => [r.urn, i]));
    const pending = new Array<number>(tree.length).fill(0);
    const dependents = new Map<number, number[]>();
    tree.forEach((r, i) => {
        for (const p of prerequisites(r)) {
            const j = index.get(p);
            if (j === undefined) {
                continue;
            }
            pending[i]++;
            const list = dependents.get(j) ?? [];
            list.push(i);
            dependents.set(j, list);
        }
    });
    const heap = new MinHeap();
    pending.forEach((n, i) => n === 0 && heap.push(i));
    const out: StateResource[] = [];
    const done = new Array<boolean>(tree.length).fill(false);
    while (heap.size > 0) {
        const i = heap.pop();
        done[i] = true;
        out.push(tree[i]);
        for (const j of dependents.get(i) ?? []) {
            if (--pending[j] === 0) {
                heap.push(j);
            }
        }
    }
    // A cycle cannot come from a real program; keep its members rather than drop them.
    tree.forEach((r, i) => !done[i] && out.push(r));
    return out;
}
