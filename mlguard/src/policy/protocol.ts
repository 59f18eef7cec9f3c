/**
 * The Analyzer gRPC protocol from `@pulumi/pulumi/proto`, as the engine speaks it: the service's
 * method paths and message types, carried by {@link Channel}.
 *
 * Requests can be sent pre-encoded: a resource's `AnalyzeRequest` is the same for every pack, so it
 * is encoded once and the bytes go to each pack. `AnalyzeStack` is assembled from per-resource
 * encodings the same way (field 1, repeated `AnalyzerResource`).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { Channel } from "./channel";
import { Json } from "../values";

const analyzerpb = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzergrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const structpb = require("google-protobuf/google/protobuf/struct_pb");
const emptypb = require("google-protobuf/google/protobuf/empty_pb");

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical" | "unspecified";

export interface PolicyInfo {
    name: string;
    displayName?: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    type: "resource" | "stack" | "unknown";
    severity: Severity;
    configSchema?: { properties: Record<string, unknown>; required: string[] };
    framework?: { name?: string; version?: string; reference?: string; specification?: string };
    tags: string[];
    remediationSteps?: string;
    url?: string;
}

export interface AnalyzerInfo {
    name: string;
    displayName?: string;
    version: string;
    description?: string;
    supportsConfig: boolean;
    policies: PolicyInfo[];
    initialConfig: Record<string, { enforcementLevel?: EnforcementLevel; properties?: Record<string, unknown> }>;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    urn: string;
    severity: Severity;
}

export interface RemediationResult {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    /** Wire-form properties after the remediation, when it changed them. */
    properties?: Record<string, Json>;
    diagnostic?: string;
}

export interface ResourceOptions {
    protect: boolean;
    ignoreChanges: string[];
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs: string[];
    aliases: string[];
    customTimeouts?: { create?: number; update?: number; delete?: number };
    parent?: string;
}

export interface ProviderResource {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, Json>;
}

export interface AnalyzerResourceSpec {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, Json>;
    options: ResourceOptions;
    provider?: ProviderResource;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

const LEVELS: Record<number, EnforcementLevel> = {
    [analyzerpb.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerpb.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerpb.EnforcementLevel.REMEDIATE]: "remediate",
    [analyzerpb.EnforcementLevel.DISABLED]: "disabled",
};
const SEVERITIES: Record<number, Severity> = {
    [analyzerpb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "unspecified",
    [analyzerpb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerpb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerpb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerpb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

export function levelToProto(l: EnforcementLevel): number {
    switch (l) {
        case "advisory":
            return analyzerpb.EnforcementLevel.ADVISORY;
        case "mandatory":
            return analyzerpb.EnforcementLevel.MANDATORY;
        case "remediate":
            return analyzerpb.EnforcementLevel.REMEDIATE;
        case "disabled":
            return analyzerpb.EnforcementLevel.DISABLED;
    }
}

function levelFromProto(n: number): EnforcementLevel {
    const l = LEVELS[n];
    if (!l) {
        throw new Error(`invalid enforcement level ${n}`);
    }
    return l;
}

function optionsMessage(o: ResourceOptions, withParent: boolean): any {
    const m = new analyzerpb.AnalyzerResourceOptions();
    m.setProtect(o.protect);
    m.setIgnorechangesList(o.ignoreChanges);
    m.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
    m.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
    m.setAdditionalsecretoutputsList(o.additionalSecretOutputs);
    m.setAliasesList(o.aliases);
    const t = new analyzerpb.AnalyzerResourceOptions.CustomTimeouts();
    t.setCreate(o.customTimeouts?.create ?? 0);
    t.setUpdate(o.customTimeouts?.update ?? 0);
    t.setDelete(o.customTimeouts?.delete ?? 0);
    m.setCustomtimeouts(t);
    if (withParent && o.parent) {
        m.setParent(o.parent);
    }
    return m;
}

function providerMessage(p: ProviderResource | undefined): any {
    if (!p) {
        return undefined;
    }
    const m = new analyzerpb.AnalyzerProviderResource();
    m.setUrn(p.urn);
    m.setType(p.type);
    m.setName(p.name);
    m.setProperties(structpb.Struct.fromJavaScript(p.properties));
    return m;
}

/** The setters `AnalyzeRequest` and `AnalyzerResource` share. */
interface ResourceMessage {
    setUrn(v: string): void;
    setType(v: string): void;
    setName(v: string): void;
    setProperties(v: unknown): void;
    setOptions(v: unknown): void;
    setProvider(v: unknown): void;
}

/** Fills the fields `AnalyzeRequest` and `AnalyzerResource` share. */
function setResourceFields(m: ResourceMessage, r: AnalyzerResourceSpec, optionsParent: boolean): void {
    m.setUrn(r.urn);
    m.setType(r.type);
    m.setName(r.name);
    m.setProperties(structpb.Struct.fromJavaScript(r.properties));
    m.setOptions(optionsMessage(r.options, optionsParent));
    const prov = providerMessage(r.provider);
    if (prov) {
        m.setProvider(prov);
    }
}

/** An encoded `AnalyzeRequest` (also the request of `Remediate`). */
export function encodeAnalyzeRequest(r: AnalyzerResourceSpec): Buffer {
    const m = new analyzerpb.AnalyzeRequest();
    setResourceFields(m, r, true);
    return Buffer.from(m.serializeBinary());
}

/** An encoded `AnalyzerResource`, one element of an `AnalyzeStackRequest`. */
export function encodeStackResource(r: AnalyzerResourceSpec, optionsParent: boolean): Buffer {
    const m = new analyzerpb.AnalyzerResource();
    setResourceFields(m, r, optionsParent);
    m.setParent(r.parent ?? "");
    m.setDependenciesList(r.dependencies ?? []);
    const deps = m.getPropertydependenciesMap();
    for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
        // The engine skips properties without dependencies.
        if (urns.length > 0) {
            const d = new analyzerpb.AnalyzerPropertyDependencies();
            d.setUrnsList(urns);
            deps.set(k, d);
        }
    }
    return Buffer.from(m.serializeBinary());
}

function varint(n: number): Buffer {
    const bytes: number[] = [];
    while (n > 0x7f) {
        bytes.push((n & 0x7f) | 0x80);
        n = Math.floor(n / 128);
    }
    bytes.push(n);
    return Buffer.from(bytes);
}

/** `AnalyzeStackRequest{resources}` from already-encoded resources. */
export function encodeAnalyzeStackRequest(resources: Buffer[]): Buffer {
    const parts: Buffer[] = [];
    for (const r of resources) {
        parts.push(Buffer.from([0x0a]), varint(r.length), r);
    }
    return Buffer.concat(parts);
}

export function decodeInfo(resp: any): AnalyzerInfo {
    const supportsConfig = resp.getSupportsconfig();
    const policies: PolicyInfo[] = resp.getPoliciesList().map((p: any): PolicyInfo => {
        const schema = p.getConfigschema();
        const fw = p.getFramework();
        const type = p.getPolicyType();
        return {
            name: p.getName(),
            displayName: p.getDisplayname() || undefined,
            description: p.getDescription(),
            enforcementLevel: levelFromProto(p.getEnforcementlevel()),
            type: type === analyzerpb.PolicyType.POLICY_TYPE_RESOURCE ? "resource" : type === analyzerpb.PolicyType.POLICY_TYPE_STACK ? "stack" : "unknown",
            severity: SEVERITIES[p.getSeverity()] ?? "unspecified",
            configSchema: schema
                ? { properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>, required: schema.getRequiredList() }
                : undefined,
            framework: fw
                ? {
                      name: fw.getName() || undefined,
                      version: fw.getVersion() || undefined,
                      reference: fw.getReference() || undefined,
                      specification: fw.getSpecification() || undefined,
                  }
                : undefined,
            tags: p.getTagsList(),
            remediationSteps: p.getRemediationSteps() || undefined,
            url: p.getUrl() || undefined,
        };
    });
    policies.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const initialConfig: AnalyzerInfo["initialConfig"] = {};
    for (const [k, v] of resp.getInitialconfigMap().entries()) {
        initialConfig[k] = {
            enforcementLevel: levelFromProto(v.getEnforcementlevel()),
            properties: v.getProperties()?.toJavaScript() ?? undefined,
        };
    }
    return {
        name: resp.getName(),
        displayName: resp.getDisplayname() || undefined,
        version: resp.getVersion(),
        description: resp.getDescription() || undefined,
        supportsConfig,
        policies: supportsConfig ? policies : policies.map((p) => ({ ...p, configSchema: undefined })),
        initialConfig,
    };
}

export function decodeDiagnostics(resp: any): Diagnostic[] {
    return resp.getDiagnosticsList().map((d: any): Diagnostic => ({
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: levelFromProto(d.getEnforcementlevel()),
        urn: d.getUrn(),
        severity: SEVERITIES[d.getSeverity()] ?? "unspecified",
    }));
}

export function decodeRemediations(resp: any): RemediationResult[] {
    return resp.getRemediationsList().map((r: any): RemediationResult => ({
        policyName: r.getPolicyname(),
        policyPackName: r.getPolicypackname(),
        policyPackVersion: r.getPolicypackversion(),
        description: r.getDescription(),
        properties: r.hasProperties() ? (r.getProperties().toJavaScript() as Record<string, Json>) : undefined,
        diagnostic: r.getDiagnostic() || undefined,
    }));
}

export function configureRequest(config: Record<string, { enforcementLevel?: EnforcementLevel; properties?: Record<string, unknown> }>): any {
    const req = new analyzerpb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const name of Object.keys(config).sort()) {
        const c = config[name];
        const pc = new analyzerpb.PolicyConfig();
        pc.setEnforcementlevel(levelToProto(c.enforcementLevel ?? "advisory"));
        pc.setProperties(structpb.Struct.fromJavaScript(c.properties ?? {}));
        map.set(name, pc);
    }
    return req;
}

export function configureStackRequest(args: {
    stack: string;
    project: string;
    organization: string;
    dryRun: boolean;
    config: Record<string, string>;
    secretKeys: string[];
}): any {
    const req = new analyzerpb.AnalyzerStackConfigureRequest();
    req.setStack(args.stack);
    req.setProject(args.project);
    req.setOrganization(args.organization);
    req.setDryRun(args.dryRun);
    const map = req.getConfigMap();
    for (const [k, v] of Object.entries(args.config)) {
        map.set(k, v);
    }
    req.setConfigSecretKeysList(args.secretKeys);
    return req;
}

export function emptyRequest(): any {
    return new emptypb.Empty();
}

/** The Analyzer service's methods: their paths and (de)serializers, from `@pulumi/pulumi/proto`. */
const service = analyzergrpc.AnalyzerService as Record<string, { path: string; requestSerialize(m: unknown): Buffer; responseDeserialize(b: Buffer): unknown }>;

const RAW = { deserializeBinary: (b: Uint8Array) => b };

/**
 * Calls an Analyzer method with a request message or its already-encoded bytes. The response is
 * decoded into its message type, or left as bytes with `raw`.
 */
export function invoke(channel: Channel, method: string, req: unknown, raw = false): Promise<any> {
    const m = service[method];
    if (!m) {
        throw new Error(`the Analyzer service has no method ${method}`);
    }
    const bytes = Buffer.isBuffer(req) ? req : m.requestSerialize(req);
    return channel.call(m.path, bytes, raw ? RAW : { deserializeBinary: (b) => m.responseDeserialize(Buffer.from(b)) });
}

/** `repeated AnalyzeDiagnostic diagnostics = 2;` in analyzer.proto. */
const DIAGNOSTICS_FIELD = 2;

function readVarint(buf: Uint8Array, pos: number): [number, number] {
    let result = 0;
    let shift = 0;
    for (;;) {
        const b = buf[pos++];
        result += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) {
            return [result, pos];
        }
        shift += 7;
    }
}

/**
 * The diagnostics of an encoded `AnalyzeResponse`, skipping its not-applicable list: the SDK
 * lists every policy that didn't apply to the resource, and mlguard reports only violations, so
 * only those are decoded.
 */
export function decodeDiagnosticsFrom(buf: Uint8Array): Diagnostic[] {
    const messages: Uint8Array[] = [];
    let pos = 0;
    while (pos < buf.length) {
        let key: number;
        [key, pos] = readVarint(buf, pos);
        const field = Math.floor(key / 8);
        const wire = key & 7;
        if (wire === 2) {
            let len: number;
            [len, pos] = readVarint(buf, pos);
            if (field === DIAGNOSTICS_FIELD) {
                messages.push(buf.subarray(pos, pos + len));
            }
            pos += len;
        } else if (wire === 0) {
            [, pos] = readVarint(buf, pos);
        } else if (wire === 5) {
            pos += 4;
        } else if (wire === 1) {
            pos += 8;
        } else {
            throw new Error(`unexpected wire type ${wire} in an AnalyzeResponse`);
        }
    }
    if (messages.length === 0) {
        return [];
    }
    const resp = new analyzerpb.AnalyzeResponse();
    resp.setDiagnosticsList(messages.map((m) => analyzerpb.AnalyzeDiagnostic.deserializeBinary(m)));
    return decodeDiagnostics(resp);
}
