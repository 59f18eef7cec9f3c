/**
 * components/README.md's reference is generated from the package schema; this keeps it in sync, and checks that
 * the generator renders what a reader needs from that schema (types, defaults, outputs).
 */
import * as assert from "assert";
import * as fs from "fs";
import { BEGIN_MARKER, END_MARKER, README_PATH, ReferenceSchema, renderReference, renderType, withReference } from "../../components/scripts/generate-readme";
import { packageSchema } from "./packageSchema";

describe("registry: components/README.md reference", function () {
    this.timeout(120_000);

    let schema: ReferenceSchema;
    let readme: string;

    before(async () => {
        schema = await packageSchema();
        readme = fs.readFileSync(README_PATH, "utf8");
    });

    it("is up to date with the schema (run: npx ts-node components/scripts/generate-readme.ts)", () => {
        const expected = withReference(readme, renderReference(schema));
        assert.ok(expected === readme, "components/README.md is out of date: run npx ts-node components/scripts/generate-readme.ts");
    });

    it("keeps the hand-written header outside the generated section", () => {
        const begin = readme.indexOf(BEGIN_MARKER);
        assert.ok(begin > 0 && readme.indexOf(END_MARKER) > begin, "both markers, in order");
        const header = readme.slice(0, begin);
        for (const secret of ["NPM_TOKEN", "PULUMI_ACCESS_TOKEN"]) {
            assert.ok(header.includes(secret), `the header documents the release secret ${secret}`);
        }
    });

    it("has a section per component with its token, and a row per input with its default", () => {
        const generated = readme.slice(readme.indexOf(BEGIN_MARKER), readme.indexOf(END_MARKER));
        const problems: string[] = [];
        for (const [token, resource] of Object.entries(schema.resources)) {
            const name = token.split(":")[2];
            const section = generated.slice(generated.indexOf(`\n### ${name}\n`));
            if (!generated.includes(`\n### ${name}\n`) || !section.includes(`\`${token}\``)) {
                problems.push(`no section for ${token}`);
                continue;
            }
            const body = section.slice(0, section.indexOf("\n### ", 5) > 0 ? section.indexOf("\n### ", 5) : undefined);
            for (const [input, prop] of Object.entries(resource.inputProperties ?? {})) {
                const row = body.split("\n").find((l) => l.startsWith(`| \`${input}\` |`));
                const documentedDefault = /\n\nDefault: (.*)$/s.exec(prop.description ?? "")?.[1];
                if (!row) {
                    problems.push(`${name}.${input} has no row`);
                } else if (documentedDefault !== undefined && row.split(" | ")[3].trim() === "") {
                    problems.push(`${name}.${input}: the default column is empty`);
                }
            }
            for (const output of Object.keys(resource.properties ?? {})) {
                if (!body.includes(`| \`${output}\` |`)) {
                    problems.push(`${name} output ${output} has no row`);
                }
            }
        }
        assert.deepStrictEqual(problems, []);
    });

    it("renders schema types as TypeScript types", () => {
        assert.strictEqual(renderType({ type: "string" }), "Input<string>");
        assert.strictEqual(renderType({ type: "string", plain: true }), "string");
        assert.strictEqual(renderType({ type: "array", plain: true, items: { type: "string" } }), "Input<string>[]");
        assert.strictEqual(renderType({ type: "object", plain: true, additionalProperties: { type: "string", plain: true } }), "{ [key: string]: string }");
        assert.strictEqual(renderType({ $ref: "#/types/ml-platform:index:ObjectLockMode", plain: true }), "[ObjectLockMode](#objectlockmode)");
        assert.strictEqual(renderType({ $ref: "/aws/v7.48.0/schema.json#/resources/aws:s3%2Fbucket:Bucket" }, false), "aws.s3.Bucket");
        assert.strictEqual(renderType({ type: "array", items: { type: "string" } }, false), "string[]");
    });
});
