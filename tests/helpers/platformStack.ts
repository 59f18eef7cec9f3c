/**
 * The platform stacks (`Pulumi.<stack>.yaml` + `createPlatform`) built under
 * the mocks once per mocha process and shared by every test file that needs
 * them.
 *
 * A build registers ~200 resources and takes seconds; several folders
 * (tests/stacks, tests/policies) assert on the same three stacks. The first
 * call for a stack builds it; later calls get the same result. Because the
 * mocks are a process-wide singleton whose record every `useMocks()` clears,
 * a build is kept as a snapshot: read it through `ofType`/`get`/`resources`
 * here, not through `mocks`. The snapshot is deep-frozen, so a test that
 * tries to change it fails instead of changing what other files see.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../components/testing";
import { loadPlatformConfig } from "../../stacks/config";
import { createPlatform, Platform } from "../../stacks/platform";
import { mocks, settle, useMocks } from "./pulumi";
import { readStackFile } from "./stackConfig";

/** The committed stacks. */
export type PlatformStackName = "dev" | "staging" | "prod";

/** The options one resource was registered with (mocks don't see options, so a transformation records them). */
export interface RecordedOptions {
    type: string;
    name: string;
    protect?: boolean;
    retainOnDelete?: boolean;
}

/** One stack's platform as built under the mocks. */
export interface BuiltPlatform {
    stack: PlatformStackName;
    /** What `createPlatform` returned; its outputs stay resolved after the mocks are reset. */
    platform: Platform;
    /** Every resource the mocks recorded, in registration order. */
    resources: readonly RecordedResource[];
    /** The options of every resource and component, in registration order. */
    options: readonly RecordedOptions[];
    /** Recorded resources of one type token. */
    ofType(type: string): RecordedResource[];
    /** The one recorded resource with this type and logical name; throws if absent. */
    get(type: string, name: string): RecordedResource;
}

const built = new Map<PlatformStackName, Promise<BuiltPlatform>>();
// The mocks record one program at a time, so builds never overlap.
let queue: Promise<unknown> = Promise.resolve();

/**
 * The platform of `Pulumi.<stack>.yaml`, built under the mocks on the first
 * call in this process and shared afterwards. A failed build is not kept:
 * the next call tries again and reports its own error. A build leaves the
 * mocks configured for that stack, as `useMocks(stack, …)` does: call
 * `useMocks()` before constructing anything else (every `beforeEach` does).
 */
export function builtPlatform(stack: PlatformStackName): Promise<BuiltPlatform> {
    let result = built.get(stack);
    if (!result) {
        result = queue.then(() => build(stack));
        queue = result.catch(() => undefined);
        built.set(stack, result);
        result.catch(() => built.delete(stack));
    }
    return result;
}

async function build(stack: PlatformStackName): Promise<BuiltPlatform> {
    useMocks(stack, readStackFile(stack));
    const options: RecordedOptions[] = [];
    const record: pulumi.ResourceTransformation = (a) => {
        options.push({ type: a.type, name: a.name, protect: a.opts.protect, retainOnDelete: a.opts.retainOnDelete });
        return undefined;
    };
    const platform = await withPlainStackTraces(async () => {
        const p = createPlatform(loadPlatformConfig(), { transformations: [record] });
        await settle();
        return p;
    });
    const resources = deepFreeze([...mocks.resources]);
    return {
        stack,
        platform,
        resources,
        options: deepFreeze(options),
        ofType: (type) => resources.filter((r) => r.type === type),
        get: (type, name) => {
            const found = resources.find((r) => r.type === type && r.name === name);
            if (!found) {
                const names = resources.filter((r) => r.type === type).map((r) => r.name);
                throw new Error(`${stack}: no ${type} named "${name}" was registered (registered: ${names.join(", ") || "none"})`);
            }
            return found;
        },
    };
}

/**
 * Runs `fn` with V8's own stack-trace formatting. The Pulumi runtime reads
 * `new Error().stack` for every promise it tracks and every resource it
 * registers (debuggable.js, resource.js); under ts-node each read is
 * source-mapped by source-map-support, which was two thirds of a build. The
 * traces only feed source positions the mocks ignore, so the recorded
 * resources are the same. Errors thrown meanwhile are formatted when first
 * read, by which time the source-mapping formatter is back.
 */
async function withPlainStackTraces<T>(fn: () => Promise<T>): Promise<T> {
    const formatter = Error as { prepareStackTrace?: unknown };
    const saved = formatter.prepareStackTrace;
    formatter.prepareStackTrace = undefined;
    try {
        return await fn();
    } finally {
        formatter.prepareStackTrace = saved;
    }
}

function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) {
            deepFreeze(v);
        }
    }
    return value;
}
