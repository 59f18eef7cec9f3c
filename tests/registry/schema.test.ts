/**
 * The component package's schema, generated offline the way `pulumi package add` and `pulumi package publish`
 * get it (the package started through Pulumi's run-plugin host, answering GetSchema with Pulumi's analyzer from
 * @pulumi/pulumi/provider/experimental), checked against what the TypeScript sources declare. A change that
 * would break publishing, or publish wrong docs, fails here.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentResourceConstructor } from "@pulumi/pulumi/provider/experimental";
import { PACKAGE_NAME, PackageComponentProvider, packageComponents } from "../../components/registry";
import { COMPONENTS_DIR, pluginAnswers } from "./packageSchema";
import { auditSchema, PackageSchemaJson } from "./schemaAudit";
import { readSourceModel, SourceModel } from "./sourceModel";

/** The components the registry issue promises other teams. */
const PROMISED_COMPONENTS = [
    "PlatformKeys",
    "IsolatedNetwork",
    "ConnectedSandboxVpc",
    "SecureBucket",
    "GovernedDataLake",
    "AuditBaseline",
    "StudioDomain",
    "TrainingPipeline",
    "MlWorkflow",
    "InferenceEndpoint",
    "ModelMonitoring",
    "FeatureStore",
];

const REPO_ROOT = path.resolve(COMPONENTS_DIR, "..");

describe("registry: the ml-platform component package schema", function () {
    this.timeout(120_000);

    let schema: PackageSchemaJson | undefined;
    let pluginVersion: string | undefined;
    let analyzerError: Error | undefined;
    let model: SourceModel;

    before(async () => {
        model = readSourceModel(COMPONENTS_DIR);
        try {
            ({ schema, version: pluginVersion } = await pluginAnswers());
        } catch (err) {
            analyzerError = err as Error;
        }
    });

    const theSchema = (): PackageSchemaJson => {
        assert.ok(schema, `the analyzer rejected the package: ${analyzerError?.message}`);
        return schema;
    };

    it("is served by the package started as a plugin, without an analyzer error (unions, intersections and functions in args break it)", () => {
        assert.strictEqual(analyzerError?.message, undefined);
    });

    it("is the ml-platform package at the semver version of components/package.json", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(COMPONENTS_DIR, "package.json"), "utf8"));
        assert.match(manifest.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
        assert.strictEqual(theSchema().name, "ml-platform");
        assert.strictEqual(theSchema().version, manifest.version);
        assert.strictEqual(pluginVersion, manifest.version);
    });

    it("lists every promised component under ml-platform:index:<Component>", () => {
        const missing = PROMISED_COMPONENTS.filter((c) => !theSchema().resources[`ml-platform:index:${c}`]);
        assert.deepStrictEqual(missing, []);
    });

    it("lists exactly the ComponentResource classes the sources declare (no component left unexported)", () => {
        const declared = model.components.map((c) => `ml-platform:index:${c.className}`).sort();
        assert.ok(declared.length >= PROMISED_COMPONENTS.length, `only ${declared.length} component classes found in the sources`);
        assert.deepStrictEqual(Object.keys(theSchema().resources).sort(), declared);
    });

    it("serves exactly the component classes the package root exports", () => {
        const served = packageComponents()
            .map((c) => c.name)
            .sort();
        assert.deepStrictEqual(served, model.components.map((c) => c.className).sort());
    });

    it("exports every component's args interface from the package root, for TypeScript consumers", () => {
        const exported = rootExports();
        const missing = model.components.flatMap((c) => [c.className, c.argsInterface ?? `(no args type on ${c.className})`]).filter((n) => !exported.has(n));
        assert.deepStrictEqual(missing, []);
    });

    it("documents every input, nested type and output as the TSDoc does, each default in its own paragraph", () => {
        const problems = auditSchema(theSchema(), model, PACKAGE_NAME);
        assert.deepStrictEqual(problems, [], `\n  ${problems.join("\n  ")}`);
    });

    it("refers to other Pulumi packages at the versions installed here", () => {
        const deps = (theSchema() as unknown as { dependencies?: { name: string; version: string }[] }).dependencies ?? [];
        for (const dep of deps) {
            const installed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi", dep.name, "package.json"), "utf8"));
            assert.strictEqual(dep.version, installed.pulumi?.version ?? installed.version.replace(/^v/, ""), dep.name);
        }
    });
});

/** Names the package root exports, read with the TypeScript checker (types included). */
function rootExports(): Set<string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts: typeof import("typescript") = require("typescript");
    const index = path.join(COMPONENTS_DIR, "index.ts");
    const config = ts.readConfigFile(path.join(COMPONENTS_DIR, "tsconfig.json"), ts.sys.readFile).config;
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, COMPONENTS_DIR);
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noResolve: true, types: [] } });
    const checker = program.getTypeChecker();
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
    return new Set(checker.getExportsOfModule(moduleSymbol).map((s) => s.name));
}

/**
 * A throwaway package holding one component, to show that the gate fails on what would break publishing.
 * It lives in the OS temp dir and resolves @pulumi/pulumi from this repository.
 */
function fixturePackage(source: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ml-platform-schema-fixture-"));
    const pulumiDir = path.join(REPO_ROOT, "node_modules/@pulumi/pulumi");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "fixture", version: "1.0.0", main: "index.ts" }));
    fs.writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
            compilerOptions: {
                target: "ES2022",
                module: "commonjs",
                moduleResolution: "node",
                strict: true,
                skipLibCheck: true,
                types: [],
                baseUrl: ".",
                paths: { "@pulumi/pulumi": [pulumiDir], "@pulumi/pulumi/*": [`${pulumiDir}/*`] },
            },
            include: ["*.ts"],
        }),
    );
    fs.writeFileSync(path.join(dir, "index.ts"), source);
    return dir;
}

/** A component class by that name (the provider only needs the names; the analyzer reads the sources). */
function componentNamed(name: string): ComponentResourceConstructor {
    return { [name]: class extends pulumi.ComponentResource {} }[name];
}

function fixtureSource(argsBody: string): string {
    return `import * as pulumi from "@pulumi/pulumi";
/** Arguments of the widget. */
export interface WidgetArgs {
${argsBody}
}
/** A widget. */
export class Widget extends pulumi.ComponentResource {
    /** Its name. */
    readonly widgetName: pulumi.Output<string>;
    constructor(name: string, args: WidgetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fixture:index:Widget", name, {}, opts);
        this.widgetName = pulumi.output(name);
    }
}
`;
}

describe("registry: the schema gate fails on changes that would break publishing", function () {
    this.timeout(60_000);
    const dirs: string[] = [];

    const schemaOf = async (argsBody: string): Promise<{ schema: PackageSchemaJson; model: SourceModel }> => {
        const dir = fixturePackage(fixtureSource(argsBody));
        dirs.push(dir);
        const provider = new PackageComponentProvider({ dirname: dir, name: "fixture", components: [componentNamed("Widget")] });
        return { schema: JSON.parse(await provider.getSchema()), model: readSourceModel(dir) };
    };

    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("an anonymous union input stops schema generation", async () => {
        await assert.rejects(schemaOf(`    /** Size. */\n    size: "small" | "large" | number;`), /Union types are not supported/);
    });

    it("a function input stops schema generation", async () => {
        await assert.rejects(schemaOf(`    /** Callback. */\n    onCreate: (id: string) => void;`), /Unsupported type/);
    });

    it("an intersection input stops schema generation", async () => {
        await assert.rejects(schemaOf(`    /** Limits. */\n    limits: { cpu: string } & { memory: string };`), /Intersection types are not supported/);
    });

    it("a union inside pulumi.Input stops schema generation", async () => {
        await assert.rejects(schemaOf(`    /** Port. */\n    port: pulumi.Input<string | number>;`), /Union types are not supported/);
    });

    it("a well-documented fixture passes the audit, with its default surfaced", async () => {
        const { schema, model } = await schemaOf(`    /**\n     * Replicas.\n     * @default 2\n     */\n    replicas?: number;`);
        assert.deepStrictEqual(auditSchema(schema, model, "fixture"), []);
        assert.strictEqual(schema.resources["fixture:index:Widget"].inputProperties?.replicas.description, "Replicas.\n\nDefault: 2");
    });

    it("an undocumented input, an inline {@link} and a default on a required input are reported", async () => {
        const { schema, model } = await schemaOf(
            [
                `    /** @default 2 */\n    replicas?: number;`,
                `    /** Region; see {@link Widget}. */\n    region: string;`,
                `    /**\n     * Zone.\n     * @default "a"\n     */\n    zone: string;`,
            ].join("\n"),
        );
        const problems = auditSchema(schema, model, "fixture");
        assert.ok(
            problems.some((p) => p.startsWith("WidgetArgs.replicas has no TSDoc")),
            problems.join("\n"),
        );
        assert.ok(
            problems.some((p) => p.startsWith("WidgetArgs.region") && p.includes("[object Object]")),
            problems.join("\n"),
        );
        assert.ok(
            problems.some((p) => p === "WidgetArgs.zone is required but documents a @default"),
            problems.join("\n"),
        );
    });
});
