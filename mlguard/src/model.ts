/**
 * A stack's resources as the engine holds them: Pulumi's `ResourceV3` checkpoint shape.
 * Synth produces it, and the `--file` / `--preview` readers parse into it.
 */
import { Json } from "./values";

export interface CustomTimeouts {
    create?: number;
    update?: number;
    delete?: number;
}

export interface StateResource {
    urn: string;
    custom: boolean;
    type: string;
    id?: string;
    parent?: string;
    /** Provider reference, `<provider urn>::<provider id>`. */
    provider?: string;
    /** Checkpoint-form property values. */
    inputs: Record<string, Json>;
    outputs: Record<string, Json>;
    dependencies: string[];
    propertyDependencies: Record<string, string[] | null>;
    protect: boolean;
    retainOnDelete: boolean;
    external?: boolean;
    delete?: boolean;
    ignoreChanges?: string[];
    additionalSecretOutputs?: string[];
    aliases?: string[];
    customTimeouts?: CustomTimeouts;
    deleteBeforeReplace?: boolean;
    /** `project:///<path>#<line>,<column>`: where the program constructed the resource. */
    sourcePosition?: string;
}

/** What is being analyzed, and how the engine would have come by it. */
export interface StackSnapshot {
    resources: StateResource[];
    /**
     * `deployment`: a program run (`--stack`, `--preview`): remediations are applied before analysis,
     * as `pulumi preview`/`up` do. `snapshot`: existing state (`--file`): remediations are reported
     * but not applied, as `pulumi policy analyze` does.
     */
    mode: "deployment" | "snapshot";
    project?: string;
    stack?: string;
    /** Where the resources came from, for reports (a stack name or a file). */
    origin: string;
    /** A file to anchor reports to when a resource has no source position (relative to the project). */
    anchorFile?: string;
}
