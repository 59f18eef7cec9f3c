/**
 * Generates the component reference in components/README.md from the package's Pulumi schema: the schema
 * `pulumi package publish` uploads, so the README and the registry's API docs say the same thing.
 *
 *     npx ts-node components/scripts/generate-readme.ts          # rewrite the reference section
 *     npx ts-node components/scripts/generate-readme.ts --check  # exit 1 if it is out of date
 *
 * Only the text between the BEGIN/END markers is generated; the header above them is written by hand.
 * tests/registry/readme.test.ts fails when the section is out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { PackageComponentProvider, PACKAGE_DIR, splitDocumentedDefault } from "../registry";

export const README_PATH = path.join(PACKAGE_DIR, "README.md");
export const BEGIN_MARKER = "<!-- BEGIN GENERATED REFERENCE: edit the TSDoc, then run `npx ts-node components/scripts/generate-readme.ts` -->";
export const END_MARKER = "<!-- END GENERATED REFERENCE -->";

/** A property of a Pulumi package schema. */
export interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    plain?: boolean;
    optional?: boolean;
    description?: string;
}

/** The parts of a Pulumi package schema the reference renders. */
export interface ReferenceSchema {
    name: string;
    resources: Record<
        string,
        {
            description?: string;
            inputProperties?: Record<string, SchemaProperty>;
            requiredInputs?: string[];
            properties?: Record<string, SchemaProperty>;
        }
    >;
    types?: Record<
        string,
        {
            type: string;
            properties?: Record<string, SchemaProperty>;
            required?: string[];
            enum?: { name?: string; value: string | number; description?: string }[];
        }
    >;
}

const localName = (token: string): string => token.slice(token.lastIndexOf(":") + 1);
const anchor = (name: string): string => `#${name.toLowerCase()}`;

/**
 * Markdown-safe text: `<` and `>` outside code spans are escaped, so `"<component name>/"` isn't swallowed as
 * an HTML tag, and TSDoc `{@link X}` (which a `@default` may hold) becomes a code span.
 */
function escapeMarkdown(text: string): string {
    return text
        .replace(/\{@link(?:code|plain)?\s+([^}\s|]+)[^}]*\}/g, "`$1`")
        .split("`")
        .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, "&lt;").replace(/>/g, "&gt;")))
        .join("`");
}

/** Text for one table cell: one line, paragraphs kept apart, pipes escaped. */
function cell(text: string | undefined): string {
    const paragraphs = escapeMarkdown((text ?? "").trim())
        .split(/\n\s*\n/)
        .map((p) => p.replace(/\s*\n\s*/g, " "));
    return paragraphs.join("<br><br>").replace(/\|/g, "\\|");
}

/** A type for a table cell: a code span, unless it links to a type of the package. */
function typeCell(type: string): string {
    return type.includes("](") ? cell(type) : `\`${type}\``;
}

/**
 * The TypeScript-style type of a property, with links to the package's types. For inputs, `Input<T>` marks
 * where the schema takes an input rather than a plain value.
 */
export function renderType(prop: SchemaProperty, input = true): string {
    let t: string;
    if (prop.$ref !== undefined) {
        const ref = decodeURIComponent(prop.$ref);
        if (ref.startsWith("#/types/")) {
            const name = localName(ref);
            t = `[${name}](${anchor(name)})`;
        } else if (ref === "pulumi.json#/Any") {
            t = "any";
        } else if (ref === "pulumi.json#/Asset" || ref === "pulumi.json#/Archive") {
            t = `pulumi.asset.${ref.slice(ref.indexOf("/") + 1)}`;
        } else {
            // A resource of another package: /aws/v7.48.0/schema.json#/resources/aws:s3/bucket:Bucket.
            const token = ref.slice(ref.indexOf("#/resources/") + "#/resources/".length);
            const [pkg, mod, cls] = token.split(":");
            t = `${pkg}.${mod.split("/")[0]}.${cls}`;
        }
    } else if (prop.type === "array" && prop.items) {
        t = `${renderType(prop.items, input)}[]`;
    } else if (prop.type === "object" && prop.additionalProperties) {
        t = `{ [key: string]: ${renderType(prop.additionalProperties, input)} }`;
    } else {
        t = prop.type ?? "any";
    }
    return !input || prop.plain || prop.$ref?.startsWith("/") ? t : `Input<${t}>`;
}

function inputTable(props: Record<string, SchemaProperty>, required: string[]): string[] {
    const rows = Object.entries(props).map(([name, prop]) => {
        const { text, defaultText } = splitDocumentedDefault(prop.description);
        const isRequired = required.includes(name);
        return `| \`${name}\` | ${typeCell(renderType(prop))} | ${isRequired ? "yes" : "no"} | ${isRequired ? "" : cell(defaultText)} | ${cell(text)} |`;
    });
    return ["| Name | Type | Required | Default | Description |", "| --- | --- | --- | --- | --- |", ...rows];
}

function outputTable(props: Record<string, SchemaProperty>): string[] {
    const rows = Object.entries(props).map(([name, prop]) => `| \`${name}\` | ${typeCell(renderType(prop, false))} | ${cell(prop.description)} |`);
    return ["| Name | Type | Description |", "| --- | --- | --- |", ...rows];
}

/** The generated reference section (without its markers). */
export function renderReference(schema: ReferenceSchema): string {
    const components = Object.entries(schema.resources).sort(([a], [b]) => localName(a).localeCompare(localName(b)));
    const types = Object.entries(schema.types ?? {}).sort(([a], [b]) => localName(a).localeCompare(localName(b)));
    const out: string[] = [
        "## Component reference",
        "",
        `Generated from the \`${schema.name}\` package schema, the one \`pulumi package publish\` uploads. Types are written as in`,
        "TypeScript: `Input<T>` takes a plain value or an output of another resource; other languages use their own",
        "input types. Every default is the compliant choice; settings that loosen a control say so.",
        "",
        "| Component | Type token | Summary |",
        "| --- | --- | --- |",
    ];
    for (const [token, resource] of components) {
        const summary = (resource.description ?? "").trim().split(/\n\s*\n/)[0];
        out.push(`| [${localName(token)}](${anchor(localName(token))}) | \`${token}\` | ${cell(summary)} |`);
    }
    for (const [token, resource] of components) {
        out.push("", `### ${localName(token)}`, "", `\`${token}\``, "");
        if (resource.description) {
            out.push(escapeMarkdown(resource.description.trim()), "");
        }
        out.push("#### Inputs", "", ...inputTable(resource.inputProperties ?? {}, resource.requiredInputs ?? []));
        out.push("", "#### Outputs", "", ...outputTable(resource.properties ?? {}));
    }
    if (types.length > 0) {
        out.push("", "## Types", "", "Object and enum types that component inputs and outputs refer to.");
        for (const [token, type] of types) {
            out.push("", `### ${localName(token)}`, "");
            if (type.enum) {
                out.push(`Enum of \`${type.type}\`.`, "", "| Value | Name | Description |", "| --- | --- | --- |");
                for (const member of type.enum) {
                    out.push(`| \`${JSON.stringify(member.value)}\` | ${member.name ?? ""} | ${cell(member.description)} |`);
                }
            } else {
                out.push(...inputTable(type.properties ?? {}, type.required ?? []));
            }
        }
    }
    return out.join("\n");
}

/** The README with its generated section replaced by `reference`. */
export function withReference(readme: string, reference: string): string {
    const begin = readme.indexOf(BEGIN_MARKER);
    const end = readme.indexOf(END_MARKER);
    if (begin < 0 || end < begin) {
        throw new Error(`components/README.md must contain the markers\n${BEGIN_MARKER}\n${END_MARKER}`);
    }
    return `${readme.slice(0, begin)}${BEGIN_MARKER}\n\n${reference}\n\n${readme.slice(end)}`;
}

/** The package schema, as the component provider serves it. */
export async function packageSchema(): Promise<ReferenceSchema> {
    return JSON.parse(await new PackageComponentProvider().getSchema());
}

async function main(argv: string[]): Promise<number> {
    const current = fs.readFileSync(README_PATH, "utf8");
    const next = withReference(current, renderReference(await packageSchema()));
    if (argv.includes("--check")) {
        if (next !== current) {
            console.error("components/README.md is out of date: run npx ts-node components/scripts/generate-readme.ts");
            return 1;
        }
        return 0;
    }
    if (next !== current) {
        fs.writeFileSync(README_PATH, next);
        console.log("components/README.md: reference regenerated");
    }
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err: unknown) => {
            console.error(err instanceof Error ? err.message : err);
            process.exit(1);
        },
    );
}
