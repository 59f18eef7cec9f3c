/**
 * Records what a Pulumi program registers, as the engine would see it.
 *
 * The SDK's `MockMonitor` answers the program; this wraps its `registerResource`,
 * `readResource` and `registerResourceOutputs` to keep the full requests (parent, dependencies,
 * property dependencies, protect, provider, options) that the `Mocks` interface never sees.
 * It also gives the monitor the engine's URN scheme: the root stack is not part of a child's
 * qualified type, and a grandchild's type carries every ancestor (`A$B$C`).
 */
import { Json } from "../values";

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export interface CapturedResource {
    /** Registration order, for diagnostics only (the export is ordered independently of it). */
    seq: number;
    type: string;
    name: string;
    custom: boolean;
    parent: string;
    /** Wire-form inputs, as sent. */
    inputs: Record<string, Json>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Unset means "inherit from the parent", as the engine decides. */
    protect?: boolean;
    retainOnDelete?: boolean;
    deletedWith: string;
    provider: string;
    version: string;
    ignoreChanges: string[];
    additionalSecretOutputs: string[];
    aliases: string[];
    customTimeouts?: { create: string; update: string; delete: string };
    sourceUri?: string;
    sourceLine?: number;
    sourceColumn?: number;
    external: boolean;
    /** Filled in when the monitor answers. */
    urn?: string;
    id?: string;
    /** Wire-form outputs from the mocks (custom) or `registerOutputs` (components). */
    outputs?: Record<string, Json>;
}

function structToJs(s: any): Record<string, Json> {
    return (s?.toJavaScript?.() ?? {}) as Record<string, Json>;
}

function propertyDeps(req: any): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const map = req.getPropertydependenciesMap?.();
    if (map) {
        for (const [k, v] of map.entries()) {
            out[k] = v.getUrnsList();
        }
    }
    return out;
}

function sourceOf(req: any): Pick<CapturedResource, "sourceUri" | "sourceLine" | "sourceColumn"> {
    const pos = req.getSourceposition?.();
    if (!pos) {
        return {};
    }
    return { sourceUri: pos.getUri(), sourceLine: pos.getLine(), sourceColumn: pos.getColumn() };
}

export class Capture {
    readonly resources: CapturedResource[] = [];
    /** The last `registerResourceOutputs` per URN. */
    readonly outputsByUrn = new Map<string, Record<string, Json>>();
    private seq = 0;

    constructor(
        private readonly project: string,
        private readonly stack: string,
    ) {}

    /** The engine's URN for a resource: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
    urnFor(parent: string, type: string, name: string): string {
        let qualified = type;
        if (parent) {
            const parentQualified = parent.split("::")[2];
            if (parentQualified && parentQualified !== ROOT_STACK_TYPE) {
                qualified = `${parentQualified}$${type}`;
            }
        }
        return `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
    }

    /** Wraps a `MockMonitor` instance in place. */
    install(monitor: any): void {
        monitor.newUrn = (parent: string, type: string, name: string) => this.urnFor(parent, type, name);

        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
            const rec = this.fromRequest(req, false);
            return register(req, (err: any, resp: any) => {
                if (!err && resp) {
                    rec.urn = resp.getUrn();
                    rec.id = resp.getId() || undefined;
                    rec.outputs = rec.custom ? structToJs(resp.getObject()) : {};
                }
                callback(err, resp);
            });
        };

        const read = monitor.readResource.bind(monitor);
        monitor.readResource = (req: any, callback: (err: any, resp: any) => void) => {
            const rec = this.fromRequest(req, true);
            rec.id = req.getId();
            return read(req, (err: any, resp: any) => {
                if (!err && resp) {
                    rec.urn = resp.getUrn();
                    rec.outputs = structToJs(resp.getProperties());
                }
                callback(err, resp);
            });
        };

        const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
        monitor.registerResourceOutputs = (req: any, callback: (err: any, resp: any) => void) => {
            this.outputsByUrn.set(req.getUrn(), structToJs(req.getOutputs()));
            return registerOutputs(req, callback);
        };
    }

    private fromRequest(req: any, external: boolean): CapturedResource {
        const timeouts = req.getCustomtimeouts?.();
        const rec: CapturedResource = {
            seq: this.seq++,
            type: req.getType(),
            name: req.getName(),
            custom: external ? true : req.getCustom(),
            parent: req.getParent() ?? "",
            inputs: structToJs(external ? req.getProperties() : req.getObject()),
            dependencies: external ? req.getDependenciesList() : req.getDependenciesList(),
            propertyDependencies: external ? {} : propertyDeps(req),
            protect: !external && req.hasProtect?.() ? req.getProtect() : undefined,
            retainOnDelete: !external && req.hasRetainondelete?.() ? req.getRetainondelete() : undefined,
            deletedWith: external ? "" : (req.getDeletedwith?.() ?? ""),
            provider: req.getProvider() ?? "",
            version: req.getVersion() ?? "",
            ignoreChanges: external ? [] : req.getIgnorechangesList(),
            additionalSecretOutputs: req.getAdditionalsecretoutputsList?.() ?? [],
            aliases: external ? [] : (req.getAliasurnsList?.() ?? []),
            customTimeouts: timeouts ? { create: timeouts.getCreate(), update: timeouts.getUpdate(), delete: timeouts.getDelete() } : undefined,
            external,
            ...sourceOf(req),
        };
        this.resources.push(rec);
        return rec;
    }
}
