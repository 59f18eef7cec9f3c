import * as assert from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { CliResult, PROJECT, lineOf, mlguard, tempDir } from "./helpers";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const PROGRAM = path.join(PROJECT, "stacks", "index.ts");

const urn = (stack: string, qualifiedType: string, name: string) => `urn:pulumi:${stack}::ml-platform::${qualifiedType}::${name}`;
const LAKE = "fixture:index:DataLake";
const SECURE = `${LAKE}$fixture:index:SecureBucket`;

function resource(doc: any, u: string): any {
    const found = doc.deployment.resources.find((r: any) => r.urn === u);
    assert.ok(found, `no resource ${u}; have:\n${doc.deployment.resources.map((r: any) => r.urn).join("\n")}`);
    return found;
}

function secretValue(v: any): unknown {
    assert.strictEqual(typeof v, "object", `expected a secret, got ${JSON.stringify(v)}`);
    assert.strictEqual(v[SIG], SECRET);
    assert.strictEqual(typeof v.plaintext, "string");
    return JSON.parse(v.plaintext);
}

describe("mlguard synth", function () {
    this.timeout(120000);
    let first: CliResult;
    let second: CliResult;
    let prod: any;
    let dev: any;
    let devStdout: string;
    const tmp = tempDir();

    before(async () => {
        const devOut = path.join(tmp.dir, "dev.json");
        const runs = await Promise.all([
            mlguard(["synth", "--stack", "prod"]),
            mlguard(["synth", "--stack", "prod"]),
            mlguard(["synth", "--stack", "dev", "--out", devOut]),
        ]);
        [first, second] = runs;
        for (const r of runs) {
            assert.strictEqual(r.code, 0, r.stderr);
        }
        devStdout = runs[2].stdout;
        prod = JSON.parse(first.stdout);
        dev = JSON.parse(fs.readFileSync(devOut, "utf8"));
    });
    after(() => tmp.cleanup());

    it("is byte-identical across two runs", () => {
        assert.ok(first.stdout.length > 1000);
        assert.strictEqual(first.stdout, second.stdout);
    });

    it("writes --out instead of stdout", () => {
        assert.strictEqual(devStdout, "");
        assert.strictEqual(dev.version, 3);
    });

    it("has the stack export envelope and manifest", () => {
        assert.strictEqual(prod.version, 3);
        const m = prod.deployment.manifest;
        assert.match(m.version, /^v\d+\.\d+\.\d+/);
        assert.strictEqual(m.magic, createHash("sha256").update(m.version).digest("hex"));
        assert.ok(!Number.isNaN(Date.parse(m.time)));
        assert.deepStrictEqual(
            m.plugins.map((p: any) => [p.name, p.type]),
            [["aws", "resource"]],
        );
    });

    it("gives every resource the checkpoint fields, leaving out the empty ones as the engine does, ids to custom resources only", () => {
        for (const r of prod.deployment.resources) {
            for (const k of ["urn", "custom", "type"]) {
                assert.ok(k in r, `${r.urn} has no "${k}"`);
            }
            // apitype.ResourceV3 marks the rest omitempty: `pulumi stack export` never writes false or empty.
            for (const [k, v] of Object.entries<any>(r)) {
                if (k !== "custom") {
                    assert.ok(
                        v !== false &&
                            v !== "" &&
                            !(Array.isArray(v) && v.length === 0) &&
                            !(typeof v === "object" && v !== null && Object.keys(v).length === 0),
                        `${r.urn} writes an empty "${k}"`,
                    );
                }
            }
            assert.ok(!("deleteBeforeReplace" in r), `${r.urn} has a field the engine's state does not`);
            if (r.custom) {
                assert.ok(typeof r.id === "string" && r.id !== "", `${r.urn} has no id`);
            } else {
                assert.ok(!("id" in r), `component ${r.urn} has an id`);
            }
        }
    });

    it("starts with the root stack and orders every resource after its parent, provider and dependencies", () => {
        const resources = prod.deployment.resources;
        assert.strictEqual(resources[0].type, "pulumi:pulumi:Stack");
        assert.strictEqual(resources[0].urn, urn("prod", "pulumi:pulumi:Stack", "ml-platform-prod"));
        assert.ok(!("parent" in resources[0]));
        const seen = new Set<string>();
        for (const r of resources) {
            const before = [
                r.parent,
                r.provider?.slice(0, r.provider.lastIndexOf("::")),
                ...(r.dependencies ?? []),
                ...Object.values<any>(r.propertyDependencies ?? {}).flat(),
            ];
            for (const p of before.filter((x) => x)) {
                assert.ok(seen.has(p), `${r.urn} comes before ${p}`);
            }
            assert.ok(!seen.has(r.urn), `${r.urn} appears twice`);
            seen.add(r.urn);
        }
    });

    it("records components as resources, with children pointing to their parent and the engine's URNs", () => {
        const root = urn("prod", "pulumi:pulumi:Stack", "ml-platform-prod");
        const lake = resource(prod, urn("prod", LAKE, "lake"));
        assert.strictEqual(lake.custom, false);
        assert.strictEqual(lake.parent, root);
        const raw = resource(prod, urn("prod", SECURE, "lake-raw"));
        assert.strictEqual(raw.custom, false);
        assert.strictEqual(raw.parent, lake.urn);
        const bucket = resource(prod, urn("prod", `${SECURE}$aws:s3/bucket:Bucket`, "lake-raw-bucket"));
        assert.strictEqual(bucket.custom, true);
        assert.strictEqual(bucket.parent, raw.urn);
        // A top-level resource's type carries no `pulumi:pulumi:Stack$` prefix.
        assert.strictEqual(resource(prod, urn("prod", "aws:s3/bucket:Bucket", "logs")).parent, root);
        // Component outputs come from registerOutputs.
        assert.strictEqual(raw.outputs.bucket, bucket.outputs.bucket);
        const curated = resource(prod, urn("prod", `${SECURE}$aws:s3/bucket:Bucket`, "lake-curated-bucket"));
        assert.deepStrictEqual(lake.outputs.buckets, [bucket.outputs.bucket, curated.outputs.bucket]);
    });

    it("adds the default aws provider and points every aws resource at it", () => {
        const providers = prod.deployment.resources.filter((r: any) => r.type === "pulumi:providers:aws");
        assert.strictEqual(providers.length, 1);
        const [p] = providers;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const version: string = require("@pulumi/aws/package.json").version;
        assert.strictEqual(p.urn, urn("prod", "pulumi:providers:aws", `default_${version.replace(/\./g, "_")}`));
        assert.strictEqual(p.custom, true);
        assert.strictEqual(p.inputs.region, "us-east-1");
        assert.deepStrictEqual(JSON.parse(p.inputs.allowedAccountIds), ["111122223333"]);
        assert.strictEqual(p.inputs.version, version);
        for (const r of prod.deployment.resources.filter((x: any) => x.type.startsWith("aws:"))) {
            assert.strictEqual(r.provider, `${p.urn}::${p.id}`, r.urn);
        }
        for (const r of prod.deployment.resources.filter((x: any) => !x.custom)) {
            assert.ok(!("provider" in r), `component ${r.urn} has a provider`);
        }
    });

    it("answers with the stack's account and region", () => {
        const prodKey = resource(prod, urn("prod", "fixture:index:EncryptionKey$aws:kms/key:Key", "lake-key"));
        assert.match(prodKey.outputs.arn, /^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);
        const devKey = resource(dev, urn("dev", "fixture:index:EncryptionKey$aws:kms/key:Key", "lake-key"));
        assert.match(devKey.outputs.arn, /^arn:aws:kms:eu-west-1:210987654321:key\//);
    });

    it("records protect as the program set it (prod protects the key, dev doesn't; siblings don't inherit)", () => {
        assert.strictEqual(resource(prod, urn("prod", "fixture:index:EncryptionKey$aws:kms/key:Key", "lake-key")).protect, true);
        assert.strictEqual(resource(prod, urn("prod", "fixture:index:EncryptionKey$aws:kms/alias:Alias", "lake-alias")).protect, undefined);
        assert.strictEqual(resource(dev, urn("dev", "fixture:index:EncryptionKey$aws:kms/key:Key", "lake-key")).protect, undefined);
    });

    it("writes secrets as the secret signature object, in inputs and in the matching outputs", () => {
        const param = resource(prod, urn("prod", "aws:ssm/parameter:Parameter", "db-password"));
        // prod's dbPassword is `secure:` in the stack file, which mlguard cannot decrypt.
        assert.strictEqual(secretValue(param.inputs.value), "[secret]");
        assert.strictEqual(secretValue(param.outputs.value), "[secret]");
        const devParam = resource(dev, urn("dev", "aws:ssm/parameter:Parameter", "db-password"));
        assert.strictEqual(secretValue(devParam.inputs.value), "dev-only-password");
        assert.ok(!fs.readFileSync(path.join(PROJECT, "Pulumi.prod.yaml"), "utf8").includes("dev-only-password"));
        assert.strictEqual(param.inputs.type, "SecureString");
    });

    it("records dependencies and property dependencies across components", () => {
        const sse = resource(
            prod,
            urn("prod", `${SECURE}$aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration`, "lake-raw-sse"),
        );
        const bucket = urn("prod", `${SECURE}$aws:s3/bucket:Bucket`, "lake-raw-bucket");
        const key = urn("prod", "fixture:index:EncryptionKey$aws:kms/key:Key", "lake-key");
        assert.deepStrictEqual(sse.propertyDependencies.bucket, [bucket]);
        assert.deepStrictEqual(sse.propertyDependencies.rules, [key]);
        assert.deepStrictEqual([...sse.dependencies].sort(), [bucket, key].sort());
        assert.strictEqual(sse.inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, resource(prod, key).outputs.arn);
    });

    it("records where the program constructed each resource", () => {
        const logs = resource(prod, urn("prod", "aws:s3/bucket:Bucket", "logs"));
        const line = lineOf(PROGRAM, 'new aws.s3.Bucket("logs"');
        assert.match(logs.sourcePosition, new RegExp(`^project:///stacks/index\\.ts#${line},\\d+$`));
    });

    it("exports the program's outputs on the root stack", () => {
        const root = prod.deployment.resources[0];
        assert.strictEqual(root.outputs.logBucket, resource(prod, urn("prod", "aws:s3/bucket:Bucket", "logs")).outputs.bucket);
        assert.match(root.outputs.passwordArn, /^arn:aws:ssm:us-east-1:111122223333:/);
    });
});
