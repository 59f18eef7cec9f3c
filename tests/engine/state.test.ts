/**
 * Each stack's synthesized export is valid state: `pulumi stack import` takes it into a local
 * file backend under a passphrase secrets provider, and `pulumi stack export` gives it back.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PulumiRun, runPulumi } from "../../mlguard/src/engine/pulumiCli";
import { tempDir } from "../mlguard/helpers";
import { describeWithEngine, ENVS, ExportDoc, readExport, stackExports, writeExport } from "./engine";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

/** Every secret value in a document, as `{sig, …}` objects. */
function secretsIn(v: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
    if (Array.isArray(v)) {
        v.forEach((x) => secretsIn(x, out));
    } else if (typeof v === "object" && v !== null) {
        const o = v as Record<string, unknown>;
        if (o[SIG] === SECRET) {
            out.push(o);
        } else {
            Object.values(o).forEach((x) => secretsIn(x, out));
        }
    }
    return out;
}

describeWithEngine("the synthesized exports as state of the real engine", (cli) => {
    const tmp = tempDir();
    const project = path.join(tmp.dir, "project");
    // A backend, a PULUMI_HOME and a passphrase of the test's own: nothing of the user's is touched.
    const pulumi = (args: string[], backend = "backend"): Promise<PulumiRun> => {
        const env = {
            PULUMI_BACKEND_URL: `file://${path.join(tmp.dir, backend)}`,
            PULUMI_HOME: path.join(tmp.dir, "home"),
            PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
        };
        fs.mkdirSync(path.join(tmp.dir, backend), { recursive: true });
        return runPulumi(cli(), [...args, "--non-interactive"], { cwd: project, env });
    };
    const ok = (r: PulumiRun, what: string): PulumiRun => {
        assert.strictEqual(r.code, 0, `${what}: ${r.stderr.trim() || r.stdout.trim()}`);
        return r;
    };
    let exports: Awaited<ReturnType<typeof stackExports>>;

    before(async () => {
        fs.mkdirSync(project, { recursive: true });
        fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: ml-platform\nruntime: nodejs\n");
        exports = await stackExports();
    });
    after(() => tmp.cleanup());

    for (const stack of ENVS) {
        it(`imports ${stack} and exports the same resources`, async () => {
            const file = exports.get(stack)!;
            const original = readExport(file);
            ok(await pulumi(["stack", "init", stack, "--secrets-provider", "passphrase"]), "stack init");
            ok(await pulumi(["stack", "import", "--stack", stack, "--file", file]), "stack import");

            const back: ExportDoc = JSON.parse(ok(await pulumi(["stack", "export", "--stack", stack, "--show-secrets"]), "stack export").stdout);
            assert.deepStrictEqual(
                back.deployment.resources.map((r) => r.urn),
                original.deployment.resources.map((r) => r.urn),
            );
            // The engine writes what it stores, so the synthesized file must read back unchanged.
            assert.deepStrictEqual(back.deployment.resources, original.deployment.resources);
        });
    }

    it("holds no secret in any stack's export, since the engine cannot import one from a synthesized file", async () => {
        for (const stack of ENVS) {
            assert.deepStrictEqual(secretsIn(readExport(exports.get(stack)!).deployment.resources), [], stack);
        }
        // A plaintext secret in an export that names no `secrets_providers` (a synthesized one
        // cannot: the passphrase salt belongs to the target stack) crashes `pulumi stack import`
        // in v3.276.0 with a panic in its placeholder crypter, rather than encrypting it.
        const doc = readExport(exports.get("dev")!);
        const key = doc.deployment.resources.find((r) => r.type === "aws:kms/key:Key")!;
        key.outputs!.policy = { [SIG]: SECRET, plaintext: JSON.stringify(key.outputs!.policy) };
        const file = writeExport(path.join(tmp.dir, "secret.json"), doc);
        ok(await pulumi(["stack", "init", "dev", "--secrets-provider", "passphrase"], "secrets"), "stack init");
        const r = await pulumi(["stack", "import", "--stack", "dev", "--file", file], "secrets");
        assert.notStrictEqual(r.code, 0);
        assert.match(r.stderr, /panicCrypter/);
    });

    it("refuses an export whose resource depends on one that is not in it (so the imports above can fail)", async () => {
        const doc = readExport(exports.get("dev")!);
        const victim = doc.deployment.resources.find((r) => r.custom && !r.type.startsWith("pulumi:"))!;
        const missing = "urn:pulumi:dev::ml-platform::aws:s3/bucket:Bucket::not-in-the-export";
        victim.dependencies = [...(victim.dependencies ?? []), missing];
        const file = writeExport(path.join(tmp.dir, "dangling.json"), doc);
        // A backend of its own, so that it is the dangling dependency alone that is refused.
        ok(await pulumi(["stack", "init", "dev", "--secrets-provider", "passphrase"], "dangling"), "stack init");
        const r = await pulumi(["stack", "import", "--stack", "dev", "--file", file], "dangling");
        assert.notStrictEqual(r.code, 0);
        assert.doesNotMatch(r.stderr, /different stack/);
        assert.match(r.stderr, new RegExp(`dependency ${missing.replace(/[$.*+?^()|[\]\\{}]/g, "\\$&")} refers to missing resource`));
    });
});
