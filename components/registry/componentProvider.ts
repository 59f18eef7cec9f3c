/**
 * The `ml-platform` Pulumi component package: the provider that `pulumi package add` and
 * `pulumi package publish` start to read the package's schema, and that constructs the components for
 * programs in other languages.
 *
 * Two things keep this from being a bare `componentProviderHost()` call:
 *
 * - Pulumi runs a TypeScript component package by requiring its directory (package.json `main`) under
 *   `@pulumi/pulumi/cmd/run-plugin`. When that module exports components, the shim names the package after
 *   package.json's `name`: `@ml-platform/components` would become package `components` in namespace
 *   `ml-platform`, so the schema would list `components:index:<Component>` and the provider would refuse to
 *   construct any `ml-platform:index:<Component>` (the token every component registers). `main` is therefore
 *   `provider.ts`, which exports nothing and serves this provider under the name `ml-platform`.
 * - The analyzer copies only the prose of each TSDoc comment into the schema and drops its tags, so an
 *   input's `@default` would never reach the schema, nor the SDKs and registry docs generated from it. The
 *   provider appends each documented default to the input's description.
 *
 * The schema itself is the stock analyzer's: `ComponentProvider.getSchema()`, unchanged but for the defaults.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider, ComponentResourceConstructor, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as ts from "typescript";
import * as packageExports from "../index";

/** The Pulumi package name: the first part of every type token (`ml-platform:index:<Component>`). */
export const PACKAGE_NAME = "ml-platform";

/** The package directory: package.json, tsconfig.json, PulumiPlugin.yaml. */
export const PACKAGE_DIR = path.resolve(__dirname, "..");

/** Separates an input's description from its documented default in the schema. */
export const DEFAULT_MARKER = "\n\nDefault: ";

/** Every component the package's entry point exports. */
export function packageComponents(): ComponentResourceConstructor[] {
    return getPulumiComponents(packageExports);
}

/** Options of {@link PackageComponentProvider}; each defaults to this package. */
export interface PackageComponentProviderOptions {
    /** Directory of the package: package.json, tsconfig.json and the sources the analyzer reads. */
    dirname?: string;
    /** Pulumi package name. */
    name?: string;
    /** Component classes served. */
    components?: ComponentResourceConstructor[];
}

/** Pulumi's component provider for this package, with documented defaults surfaced in the schema. */
export class PackageComponentProvider extends ComponentProvider {
    private readonly packageDir: string;
    private readonly packageName: string;
    private schemaWithDefaults?: Promise<string>;

    constructor(options: PackageComponentProviderOptions = {}) {
        const dirname = options.dirname ?? PACKAGE_DIR;
        const name = options.name ?? PACKAGE_NAME;
        super({ name, dirname, components: options.components ?? packageComponents() });
        this.packageDir = dirname;
        this.packageName = name;
    }

    /** The analyzer's schema, with each input's `@default` appended to its description. */
    override getSchema(): Promise<string> {
        this.schemaWithDefaults ??= super
            .getSchema()
            .then((json) => JSON.stringify(appendDocumentedDefaults(JSON.parse(json), this.packageName, readDocumentedDefaults(this.packageDir))));
        return this.schemaWithDefaults;
    }
}

/**
 * Serves the provider over gRPC, as `componentProviderHost` does, for the Pulumi engine that started this
 * process (`args` are the engine's: its address, then flags).
 */
export function serveComponentProvider(args: string[] = process.argv.slice(2)): Promise<void> {
    return pulumi.provider.main(new PackageComponentProvider(), args);
}

/** The `@default` of each property of each interface, and the args interface of each component class. */
export interface DocumentedDefaults {
    /** Interface name → its `extends` names and its properties' `@default` texts. */
    interfaces: Map<string, { extends: string[]; defaults: Map<string, string> }>;
    /** Component class name → name of the interface its constructor's `args` parameter is typed with. */
    componentArgs: Map<string, string>;
}

/**
 * Reads the `@default` tags of the package's sources: the files its tsconfig.json includes, the ones the
 * analyzer reads. Parsing alone is enough (no type checking), since the schema already names each type.
 */
export function readDocumentedDefaults(dir: string): DocumentedDefaults {
    const configPath = path.join(dir, "tsconfig.json");
    const config = ts.readConfigFile(configPath, ts.sys.readFile);
    if (config.error) {
        throw new Error(`cannot read ${configPath}: ${ts.flattenDiagnosticMessageText(config.error.messageText, "\n")}`);
    }
    const files = ts.parseJsonConfigFileContent(config.config, ts.sys, dir).fileNames.filter((f) => !f.endsWith(".d.ts"));
    const result: DocumentedDefaults = { interfaces: new Map(), componentArgs: new Map() };
    for (const file of files) {
        const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? "", ts.ScriptTarget.Latest, true);
        for (const statement of source.statements) {
            if (ts.isInterfaceDeclaration(statement)) {
                const defaults = new Map<string, string>();
                for (const member of statement.members) {
                    const text = ts.isPropertySignature(member) ? defaultTagText(member) : undefined;
                    if (text !== undefined && member.name !== undefined) {
                        defaults.set(propertyName(member.name), text);
                    }
                }
                const bases = (statement.heritageClauses ?? []).flatMap((clause) => clause.types.map((t) => t.expression.getText(source)));
                result.interfaces.set(statement.name.text, { extends: bases, defaults });
            } else if (ts.isClassDeclaration(statement) && statement.name) {
                const ctor = statement.members.find(ts.isConstructorDeclaration);
                const argsParam = ctor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === "args");
                if (argsParam?.type && ts.isTypeReferenceNode(argsParam.type)) {
                    result.componentArgs.set(statement.name.text, argsParam.type.typeName.getText(source));
                }
            }
        }
    }
    return result;
}

function propertyName(name: ts.PropertyName): string {
    return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : name.getText();
}

function defaultTagText(node: ts.Node): string | undefined {
    const tag = ts.getJSDocTags(node).find((t) => t.tagName.text === "default");
    const text = tag ? ts.getTextOfJSDocComment(tag.comment)?.trim() : undefined;
    return text ? text : undefined;
}

/** A schema property: the fields this module reads or writes. */
interface SchemaProperty {
    description?: string;
}

/** The parts of a Pulumi package schema this module reads or writes. */
export interface PackageSchema {
    resources?: Record<string, { inputProperties?: Record<string, SchemaProperty> }>;
    types?: Record<string, { properties?: Record<string, SchemaProperty> }>;
}

/**
 * Appends each documented default to the description of its input: the inputs of each component (its args
 * interface) and the properties of each object type (the interface of that name). An input without a
 * description keeps none, so a missing doc stays visible as missing.
 */
export function appendDocumentedDefaults<T extends PackageSchema>(schema: T, packageName: string, docs: DocumentedDefaults): T {
    const defaultOf = (interfaceName: string, property: string, seen = new Set<string>()): string | undefined => {
        const declared = docs.interfaces.get(interfaceName);
        if (!declared || seen.has(interfaceName)) {
            return undefined;
        }
        seen.add(interfaceName);
        return declared.defaults.get(property) ?? declared.extends.map((base) => defaultOf(base, property, seen)).find((d) => d !== undefined);
    };
    const annotate = (properties: Record<string, SchemaProperty> | undefined, interfaceName: string | undefined): void => {
        for (const [property, spec] of Object.entries(properties ?? {})) {
            const text = interfaceName === undefined ? undefined : defaultOf(interfaceName, property);
            if (text !== undefined && spec.description && !spec.description.includes(DEFAULT_MARKER)) {
                spec.description = `${spec.description}${DEFAULT_MARKER}${text}`;
            }
        }
    };
    const prefix = `${packageName}:index:`;
    for (const [token, resource] of Object.entries(schema.resources ?? {})) {
        if (token.startsWith(prefix)) {
            annotate(resource.inputProperties, docs.componentArgs.get(token.slice(prefix.length)));
        }
    }
    for (const [token, type] of Object.entries(schema.types ?? {})) {
        if (token.startsWith(prefix)) {
            annotate(type.properties, token.slice(prefix.length));
        }
    }
    return schema;
}

/** Splits a schema description into its prose and the documented default {@link appendDocumentedDefaults} added. */
export function splitDocumentedDefault(description: string | undefined): { text: string; defaultText?: string } {
    const text = description ?? "";
    const at = text.lastIndexOf(DEFAULT_MARKER);
    return at < 0 ? { text } : { text: text.slice(0, at), defaultText: text.slice(at + DEFAULT_MARKER.length) };
}
