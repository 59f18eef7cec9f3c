/**
 * Compares a Pulumi package schema with what the TypeScript sources declare (sourceModel.ts) and lists every
 * disagreement that would make the published package, its generated SDKs or its registry docs wrong.
 */
import { SourceInput, SourceModel } from "./sourceModel";

export interface SchemaProperty {
    type?: string;
    $ref?: string;
    description?: string;
    optional?: boolean;
}

export interface PackageSchemaJson {
    name: string;
    version: string;
    resources: Record<
        string,
        {
            isComponent?: boolean;
            description?: string;
            inputProperties?: Record<string, SchemaProperty>;
            requiredInputs?: string[];
            properties?: Record<string, SchemaProperty>;
        }
    >;
    types?: Record<
        string,
        { type: string; properties?: Record<string, SchemaProperty>; required?: string[]; enum?: { name?: string; value: string | number }[] }
    >;
}

const normalize = (text: string | undefined): string => (text ?? "").replace(/\s+/g, " ").trim();

/** How a documented default must appear at the end of a description: its own paragraph. */
export const expectedDescription = (doc: string, defaultText: string | undefined): string =>
    defaultText === undefined ? doc : `${doc} Default: ${defaultText}`;

/** Every problem found; an empty list means the schema documents the sources faithfully. */
export function auditSchema(schema: PackageSchemaJson, model: SourceModel, packageName: string): string[] {
    const problems: string[] = [];
    const typeToken = (name: string) => `${packageName}:index:${name}`;
    const checkedTypes = new Set<string>();
    const pending: { name: string; via: string }[] = [];

    const checkDescription = (label: string, description: string | undefined, doc: string, defaultText?: string): void => {
        if (doc === "") {
            problems.push(`${label} has no TSDoc: its schema description (and SDK docs) would be empty`);
            return;
        }
        if (!description || description.includes("[object Object]")) {
            problems.push(`${label}: the analyzer produced ${JSON.stringify(description)} (inline tags such as {@link} break descriptions)`);
            return;
        }
        if (normalize(description) !== normalize(expectedDescription(doc, defaultText))) {
            problems.push(
                `${label}: description ${JSON.stringify(description)} is not the TSDoc ${JSON.stringify(doc)}` +
                    (defaultText === undefined ? "" : ` followed by its @default ${JSON.stringify(defaultText)}`),
            );
        } else if (defaultText !== undefined && !description.includes("\n\nDefault: ")) {
            problems.push(`${label}: the @default is not a paragraph of its own`);
        }
    };

    const checkProperties = (owner: string, props: Record<string, SchemaProperty> | undefined, required: string[] | undefined, inputs: SourceInput[]): void => {
        const present = props ?? {};
        for (const input of inputs) {
            const label = `${owner}.${input.name}`;
            const spec = present[input.name];
            if (!spec) {
                problems.push(`${label} is missing from the schema`);
                continue;
            }
            checkDescription(label, spec.description, input.doc, input.defaultText);
            if (!input.optional && input.defaultText !== undefined) {
                problems.push(`${label} is required but documents a @default`);
            }
            if ((required ?? []).includes(input.name) === input.optional) {
                problems.push(`${label} is ${input.optional ? "optional" : "required"} in TypeScript but not in the schema`);
            }
            for (const name of input.refersTo) {
                pending.push({ name, via: label });
            }
        }
        for (const name of Object.keys(present)) {
            if (!inputs.some((i) => i.name === name)) {
                problems.push(`${owner}.${name} is in the schema but not in the TypeScript interface`);
            }
        }
    };

    for (const component of model.components) {
        const token = typeToken(component.className);
        if (component.typeToken !== token) {
            problems.push(
                `${component.className} registers as ${JSON.stringify(component.typeToken ?? "a non-literal token")}; the provider constructs "${token}"`,
            );
        }
        const resource = schema.resources[token];
        if (!resource) {
            problems.push(`${token} is missing from the schema`);
            continue;
        }
        if (!resource.isComponent) {
            problems.push(`${token} is not marked as a component`);
        }
        checkDescription(component.className, resource.description, component.doc);
        const declared = component.argsInterface ? (model.interfaces.get(component.argsInterface) ?? []) : [];
        if (declared.length !== 1) {
            problems.push(`${component.className}: expected one interface ${component.argsInterface} for its args, found ${declared.length}`);
        } else {
            checkProperties(component.argsInterface!, resource.inputProperties, resource.requiredInputs, declared[0].inputs);
        }
        for (const output of component.outputs) {
            const spec = resource.properties?.[output.name];
            if (!spec) {
                problems.push(`${component.className} output ${output.name} is missing from the schema`);
            } else {
                checkDescription(`${component.className} output ${output.name}`, spec.description, output.doc);
            }
        }
    }

    while (pending.length > 0) {
        const { name, via } = pending.shift()!;
        if (checkedTypes.has(name)) {
            continue;
        }
        checkedTypes.add(name);
        const type = schema.types?.[typeToken(name)];
        if (!type) {
            problems.push(`type ${name} (used by ${via}) is missing from the schema`);
            continue;
        }
        const enumDecl = model.enums.get(name);
        if (enumDecl) {
            const values = (type.enum ?? []).map((m) => m.value);
            if (JSON.stringify(values) !== JSON.stringify(enumDecl.values)) {
                problems.push(`enum ${name}: schema values ${JSON.stringify(values)} differ from ${JSON.stringify(enumDecl.values)}`);
            }
            continue;
        }
        const declared = model.interfaces.get(name) ?? [];
        if (declared.length !== 1) {
            problems.push(
                `type ${name} (used by ${via}) is declared ${declared.length} times (${declared.map((d) => d.file).join(", ")}): ` +
                    "the schema has one type per name, so the others' inputs are lost",
            );
        }
        if (declared.length > 0) {
            checkProperties(name, type.properties, type.required, declared[0].inputs);
        }
    }
    return problems;
}
