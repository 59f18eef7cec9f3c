/**
 * What the package's TypeScript sources declare, read with the TypeScript compiler API: the components, their
 * type tokens, the inputs of their args interfaces (with their TSDoc prose and `@default`), nested interfaces and
 * enums, and their public outputs.
 *
 * This is deliberately another route than Pulumi's analyzer: a type-checked program over the package's own
 * files (imports of other packages left unresolved, which keeps it fast), so a schema that lost an input,
 * its doc or its default disagrees with it.
 */
import * as path from "path";
import * as ts from "typescript";

/** One property of an args interface (or of an interface it refers to). */
export interface SourceInput {
    name: string;
    optional: boolean;
    /** The TSDoc prose, without tags. */
    doc: string;
    /** The text of the `@default` tag, if any. */
    defaultText?: string;
    /** Interfaces and enums of this package the property's type refers to. */
    refersTo: string[];
}

export interface SourceInterface {
    name: string;
    file: string;
    inputs: SourceInput[];
}

export interface SourceEnum {
    name: string;
    values: (string | number)[];
}

export interface SourceComponent {
    className: string;
    file: string;
    /** First argument of the `super(...)` call, when it is a string literal. */
    typeToken?: string;
    argsInterface?: string;
    /** Class doc prose. */
    doc: string;
    /** Public readonly instance properties, with their doc prose. */
    outputs: { name: string; doc: string }[];
}

export interface SourceModel {
    components: SourceComponent[];
    interfaces: Map<string, SourceInterface[]>;
    enums: Map<string, SourceEnum>;
}

const normalize = (text: string): string => text.replace(/\s+/g, " ").trim();

/** Reads the package in `dir` (its tsconfig.json's files). */
export function readSourceModel(dir: string): SourceModel {
    const configPath = path.join(dir, "tsconfig.json");
    const config = ts.readConfigFile(configPath, ts.sys.readFile);
    if (config.error) {
        throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
    }
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noResolve: true, types: [] } });
    const checker = program.getTypeChecker();
    const own = new Set(parsed.fileNames.map((f) => path.resolve(f)));
    const model: SourceModel = { components: [], interfaces: new Map(), enums: new Map() };

    const docOf = (symbol: ts.Symbol): string => normalize(ts.displayPartsToString(symbol.getDocumentationComment(checker)));
    const defaultOf = (symbol: ts.Symbol): string | undefined => {
        const tag = symbol.getJsDocTags(checker).find((t) => t.name === "default");
        const text = tag ? normalize(ts.displayPartsToString(tag.text)) : "";
        return text === "" ? undefined : text;
    };
    /** Names of this package's interfaces and enums a type node mentions (through Input<>, arrays, maps...). */
    const referencedNames = (node: ts.Node | undefined): string[] => {
        const names: string[] = [];
        const visit = (n: ts.Node): void => {
            if (ts.isTypeReferenceNode(n)) {
                const symbol = checker.getSymbolAtLocation(n.typeName);
                const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
                const decl = target?.declarations?.[0];
                if (decl && own.has(path.resolve(decl.getSourceFile().fileName)) && (ts.isInterfaceDeclaration(decl) || ts.isEnumDeclaration(decl))) {
                    names.push(decl.name.text);
                }
            }
            ts.forEachChild(n, visit);
        };
        if (node) {
            visit(node);
        }
        return names;
    };

    for (const source of program.getSourceFiles()) {
        if (!own.has(path.resolve(source.fileName))) {
            continue;
        }
        for (const statement of source.statements) {
            if (ts.isInterfaceDeclaration(statement)) {
                const type = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(statement.name)!);
                const inputs = checker.getPropertiesOfType(type).map((symbol): SourceInput => {
                    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
                    return {
                        name: symbol.name,
                        optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0,
                        doc: docOf(symbol),
                        defaultText: defaultOf(symbol),
                        refersTo: referencedNames(decl && ts.isPropertySignature(decl) ? decl.type : undefined),
                    };
                });
                const list = model.interfaces.get(statement.name.text) ?? [];
                list.push({ name: statement.name.text, file: source.fileName, inputs });
                model.interfaces.set(statement.name.text, list);
            } else if (ts.isEnumDeclaration(statement)) {
                const values = statement.members.map((m) => checker.getConstantValue(m)).filter((v): v is string | number => v !== undefined);
                model.enums.set(statement.name.text, { name: statement.name.text, values });
            } else if (ts.isClassDeclaration(statement) && statement.name && extendsComponentResource(statement)) {
                const ctor = statement.members.find(ts.isConstructorDeclaration);
                const argsParam = ctor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === "args");
                const superCall = ctor?.body?.statements
                    .map((s) => (ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) ? s.expression : undefined))
                    .find((c) => c?.expression.kind === ts.SyntaxKind.SuperKeyword);
                const tokenArg = superCall?.arguments[0];
                const classSymbol = checker.getSymbolAtLocation(statement.name)!;
                const outputs = statement.members
                    .filter(ts.isPropertyDeclaration)
                    .filter((m) => {
                        const mods = ts.getCombinedModifierFlags(m);
                        return (
                            (mods & ts.ModifierFlags.Readonly) !== 0 &&
                            (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static)) === 0
                        );
                    })
                    .map((m) => ({ name: m.name.getText(source), doc: docOf(checker.getSymbolAtLocation(m.name)!) }));
                model.components.push({
                    className: statement.name.text,
                    file: source.fileName,
                    typeToken: tokenArg && ts.isStringLiteralLike(tokenArg) ? tokenArg.text : undefined,
                    argsInterface: argsParam?.type && ts.isTypeReferenceNode(argsParam.type) ? argsParam.type.typeName.getText(source) : undefined,
                    doc: docOf(classSymbol),
                    outputs,
                });
            }
        }
    }
    return model;
}

/** `class X extends pulumi.ComponentResource` (or an imported `ComponentResource`). */
function extendsComponentResource(node: ts.ClassDeclaration): boolean {
    return (node.heritageClauses ?? []).some(
        (clause) => clause.token === ts.SyntaxKind.ExtendsKeyword && clause.types.some((t) => /(^|\.)ComponentResource$/.test(t.expression.getText())),
    );
}
