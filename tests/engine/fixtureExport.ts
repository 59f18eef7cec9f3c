/**
 * A policy-test stack (`TestResource`s) as the `pulumi stack export` that an update would leave:
 * a root stack, the default AWS provider, and each resource with its props as inputs and outputs,
 * its dependencies resolved to URNs, in dependency order.
 */
import { createHash } from "crypto";
import type { TestResource } from "../policies/harness";
import { ExportDoc, ExportResource } from "./engine";

const PROJECT = "ml-platform";

/** The URN of a resource whose parent is `parent` (the root stack when undefined). */
function urnOf(stack: string, type: string, name: string, parent?: ExportResource): string {
    const qualified = parent && parent.type !== "pulumi:pulumi:Stack" ? `${parent.urn.split("::")[2]}$${type}` : type;
    return `urn:pulumi:${stack}::${PROJECT}::${qualified}::${name}`;
}

const idOf = (...parts: string[]): string => createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 17);

export function fixtureExport(resources: TestResource[], stack = "test"): ExportDoc {
    const root: ExportResource = {
        urn: urnOf(stack, "pulumi:pulumi:Stack", `${PROJECT}-${stack}`),
        custom: false,
        type: "pulumi:pulumi:Stack",
        inputs: {},
        outputs: {},
    };
    const providerProps = resources.find((r) => r.providerProps)?.providerProps ?? {};
    const provider: ExportResource = {
        urn: urnOf(stack, "pulumi:providers:aws", "default"),
        custom: true,
        id: "00000000-0000-4000-8000-000000000000",
        type: "pulumi:providers:aws",
        inputs: { ...providerProps },
        outputs: { ...providerProps },
        dependencies: [],
        propertyDependencies: {},
    };
    const name = (r: TestResource): string => r.name ?? r.type.split(":").pop()!;
    const byName = new Map<string, TestResource>();
    for (const r of resources) {
        byName.set(name(r), r);
        byName.set(`${r.type}::${name(r)}`, r);
    }
    const done = new Map<TestResource, ExportResource>();
    const out: ExportResource[] = [root, provider];
    const visiting = new Set<TestResource>();
    const emit = (r: TestResource): ExportResource => {
        const existing = done.get(r);
        if (existing) {
            return existing;
        }
        if (visiting.has(r)) {
            throw new Error(`fixtureExport: ${name(r)} depends on itself`);
        }
        visiting.add(r);
        const resolve = (n: string): ExportResource => {
            const d = byName.get(n);
            if (!d) {
                throw new Error(`fixtureExport: ${name(r)} refers to "${n}", which is not in the stack`);
            }
            return emit(d);
        };
        const parent = r.parent ? resolve(r.parent) : root;
        const propertyDependencies: Record<string, string[]> = {};
        const dependencies = new Set<string>();
        for (const [prop, names] of Object.entries(r.propertyDependencies ?? {})) {
            propertyDependencies[prop] = names.map((n) => resolve(n).urn);
            propertyDependencies[prop].forEach((u) => dependencies.add(u));
        }
        const props = JSON.parse(JSON.stringify(r.props));
        const urn = urnOf(stack, r.type, name(r), parent);
        const state: ExportResource = {
            urn,
            custom: true,
            id: typeof props.id === "string" ? props.id : idOf(urn),
            type: r.type,
            parent: parent.urn,
            provider: `${provider.urn}::${provider.id}`,
            inputs: props,
            outputs: props,
            dependencies: [...dependencies],
            propertyDependencies,
        };
        visiting.delete(r);
        done.set(r, state);
        out.push(state);
        return state;
    };
    resources.forEach(emit);
    return {
        version: 3,
        deployment: {
            manifest: { time: "1970-01-01T00:00:00Z", magic: "", version: "v3.276.0" },
            resources: out,
        },
    };
}
