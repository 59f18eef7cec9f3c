/**
 * Reads what Pulumi really writes: `pulumi stack export` (a version-3 deployment) and
 * `pulumi preview --json` (steps carrying each resource's planned `newState`).
 */
import * as fs from "fs";
import { UsageError, firstLine } from "../errors";
import { StackSnapshot, StateResource } from "../model";
import { Json, parseUrn } from "../values";

export type FileKind = "export" | "preview";

const EXPORT_HINT = 'a `pulumi stack export` file ({"version": 3, "deployment": {"resources": [...]}})';
const PREVIEW_HINT = '`pulumi preview --json` output ({"steps": [...]})';

function isObject(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Which of the two formats a parsed document is, if either. */
export function detectKind(doc: unknown): FileKind | undefined {
    if (!isObject(doc)) {
        return undefined;
    }
    if (isObject(doc.deployment) && Array.isArray(doc.deployment.resources)) {
        return "export";
    }
    if (Array.isArray(doc.steps)) {
        return "preview";
    }
    return undefined;
}

export function readJsonFile(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e: any) {
        if (e?.code === "ENOENT") {
            throw new UsageError(`${file} does not exist`);
        }
        if (e?.code === "EISDIR") {
            throw new UsageError(`${file} is a directory, not a file`);
        }
        throw new UsageError(`cannot read ${file}: ${firstLine(e)}`);
    }
    try {
        return JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (e) {
        throw new UsageError(`${file} is not valid JSON: ${firstLine(e)}`);
    }
}

function stringList(v: unknown): string[] {
    return Array.isArray(v) ? v.filter((e): e is string => typeof e === "string") : [];
}

/** One checkpoint resource, checked just enough that analysis can rely on its shape. */
function toStateResource(raw: unknown, where: string): StateResource {
    if (!isObject(raw) || typeof raw.urn !== "string" || !parseUrn(raw.urn)) {
        throw new UsageError(`${where} has no valid "urn"`);
    }
    const type = typeof raw.type === "string" ? raw.type : parseUrn(raw.urn)!.type;
    const propertyDependencies: Record<string, string[] | null> = {};
    if (isObject(raw.propertyDependencies)) {
        for (const [k, v] of Object.entries(raw.propertyDependencies)) {
            propertyDependencies[k] = v === null ? null : stringList(v);
        }
    }
    return {
        urn: raw.urn,
        custom: raw.custom === true,
        type,
        ...(typeof raw.id === "string" && raw.id !== "" ? { id: raw.id } : {}),
        ...(typeof raw.parent === "string" && raw.parent !== "" ? { parent: raw.parent } : {}),
        ...(typeof raw.provider === "string" && raw.provider !== "" ? { provider: raw.provider } : {}),
        inputs: (isObject(raw.inputs) ? raw.inputs : {}) as Record<string, Json>,
        outputs: (isObject(raw.outputs) ? raw.outputs : {}) as Record<string, Json>,
        dependencies: stringList(raw.dependencies),
        propertyDependencies,
        protect: raw.protect === true,
        retainOnDelete: raw.retainOnDelete === true,
        ...(raw.external === true ? { external: true } : {}),
        ...(raw.delete === true ? { delete: true } : {}),
        ...(Array.isArray(raw.ignoreChanges) ? { ignoreChanges: stringList(raw.ignoreChanges) } : {}),
        ...(Array.isArray(raw.additionalSecretOutputs) ? { additionalSecretOutputs: stringList(raw.additionalSecretOutputs) } : {}),
        ...(Array.isArray(raw.aliases) ? { aliases: stringList(raw.aliases) } : {}),
        ...(isObject(raw.customTimeouts) ? { customTimeouts: raw.customTimeouts } : {}),
        ...(typeof raw.sourcePosition === "string" ? { sourcePosition: raw.sourcePosition } : {}),
    };
}

function identity(resources: StateResource[]): { project?: string; stack?: string } {
    const first = resources.map((r) => parseUrn(r.urn)).find((u) => u !== undefined);
    return first ? { project: first.project, stack: first.stack } : {};
}

/** The resources of a `pulumi stack export` document, without those pending deletion. */
export function fromExport(doc: any, file: string, anchorFile?: string): StackSnapshot {
    const version = doc.version;
    if (version !== undefined && (typeof version !== "number" || version < 1 || version > 3)) {
        throw new UsageError(`${file} is a deployment of version ${JSON.stringify(version)}; mlguard reads versions 1 to 3`);
    }
    const resources = (doc.deployment.resources as unknown[]).map((r, i) => toStateResource(r, `${file}: deployment.resources[${i}]`)).filter((r) => !r.delete);
    return { resources, mode: "snapshot", origin: file, anchorFile, ...identity(resources) };
}

/**
 * The planned state of every resource in a preview: each step's `newState`. A replacement has
 * more than one step for a URN; the first `newState` wins. Steps without one are deletions.
 */
export function fromPreview(doc: any, file: string, anchorFile?: string): StackSnapshot {
    const seen = new Map<string, StateResource>();
    (doc.steps as unknown[]).forEach((step, i) => {
        if (!isObject(step) || !isObject(step.newState)) {
            return;
        }
        const r = toStateResource(step.newState, `${file}: steps[${i}].newState`);
        if (!r.delete && !seen.has(r.urn)) {
            seen.set(r.urn, r);
        }
    });
    const resources = [...seen.values()];
    return { resources, mode: "deployment", origin: file, anchorFile, ...identity(resources) };
}

/** Loads a file given with `--file` (expects an export) or `--preview` (expects preview output). */
export function loadStateFile(file: string, expected: FileKind, anchorFile?: string): StackSnapshot {
    const doc = readJsonFile(file);
    const kind = detectKind(doc);
    if (kind === undefined) {
        throw new UsageError(`${file} is neither ${EXPORT_HINT} nor ${PREVIEW_HINT}`);
    }
    if (kind !== expected) {
        const flag = kind === "export" ? "--file" : "--preview";
        const what = kind === "export" ? "a `pulumi stack export` file" : "`pulumi preview --json` output";
        throw new UsageError(`${file} is ${what}; pass it with ${flag}`);
    }
    return kind === "export" ? fromExport(doc, file, anchorFile) : fromPreview(doc, file, anchorFile);
}
