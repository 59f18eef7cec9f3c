/**
 * Generates `policies/lib/taggable-resource-types.json`: the type tokens of
 * every @pulumi/aws resource whose Args accept a `tags` map.
 *
 * It reads the installed package's declarations: for each resource class
 * (`export declare class X extends pulumi.CustomResource`) it looks for a
 * `tags?: pulumi.Input<{ [key: string]: ... }>` member in `interface XArgs`,
 * and takes the type token from the compiled module's `__pulumiType`.
 *
 *   npx ts-node policies/scripts/generate-taggable-types.ts          # write
 *   npx ts-node policies/scripts/generate-taggable-types.ts --check  # exit 1 if stale
 *
 * `tests/policies/generated.test.ts` runs the same scan and fails when the
 * committed file differs, so an @pulumi/aws upgrade cannot leave it stale.
 */
import * as fs from "fs";
import * as path from "path";

export const OUTPUT = path.join(__dirname, "..", "lib", "taggable-resource-types.json");

export interface TaggableTypesFile {
    /** The @pulumi/aws version scanned. */
    awsVersion: string;
    /** Sorted type tokens. */
    types: string[];
}

function awsRoot(): string {
    return path.dirname(require.resolve("@pulumi/aws/package.json"));
}

function walk(dir: string, out: string[]): void {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== "node_modules" && entry.name !== "types") {
                walk(full, out);
            }
        } else if (entry.name.endsWith(".d.ts")) {
            out.push(full);
        }
    }
}

/** The body of `export interface <name> { ... }`, or undefined. */
function interfaceBody(source: string, name: string): string | undefined {
    const start = source.indexOf(`export interface ${name} {`);
    if (start < 0) {
        return undefined;
    }
    let depth = 0;
    for (let i = source.indexOf("{", start); i < source.length; i++) {
        if (source[i] === "{") {
            depth++;
        } else if (source[i] === "}") {
            depth--;
            if (depth === 0) {
                return source.slice(start, i + 1);
            }
        }
    }
    return undefined;
}

/** Scans the installed @pulumi/aws. */
export function scanTaggableTypes(): TaggableTypesFile {
    const root = awsRoot();
    const files: string[] = [];
    walk(root, files);
    const types = new Set<string>();
    for (const dts of files) {
        const source = fs.readFileSync(dts, "utf8");
        const cls = /export declare class (\w+) extends pulumi\.CustomResource/.exec(source);
        if (!cls) {
            continue;
        }
        const body = interfaceBody(source, `${cls[1]}Args`);
        // Only direct members (4-space indent) count, not nested input types.
        if (!body || !/\n {4}tags\?: pulumi\.Input<\{/.test(body)) {
            continue;
        }
        const js = dts.replace(/\.d\.ts$/, ".js");
        if (!fs.existsSync(js)) {
            continue;
        }
        const token = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(js, "utf8"));
        if (token) {
            types.add(token[1]);
        }
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
    return { awsVersion: pkg.version.replace(/^v/, ""), types: [...types].sort() };
}

export function render(file: TaggableTypesFile): string {
    return JSON.stringify(file, null, 2) + "\n";
}

if (require.main === module) {
    const text = render(scanTaggableTypes());
    if (process.argv.includes("--check")) {
        const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, "utf8") : "";
        if (current !== text) {
            console.error(`${path.relative(process.cwd(), OUTPUT)} is out of date; run policies/scripts/generate-taggable-types.ts`);
            process.exit(1);
        }
    } else {
        fs.writeFileSync(OUTPUT, text);
        console.log(`wrote ${path.relative(process.cwd(), OUTPUT)}`);
    }
}
