/**
 * mlguard's verdict is the engine's: the same (pack, policy, URN, level, severity, message) set
 * and the same exit code from `mlguard analyze --file` and `pulumi policy analyze --file`, on
 * the same export with the same packs and config files.
 */
import * as assert from "assert";
import * as path from "path";
import { WEAKENED_CASES } from "../policies/weakenedCases";
import { tempDir } from "../mlguard/helpers";
import { selectPolicies } from "../../policies/lib/select";
import {
    allPacks,
    assertSameVerdict,
    configFile,
    describeWithEngine,
    Env,
    ENVS,
    ExportDoc,
    ExportResource,
    PACK_NAMES,
    readExport,
    stackExports,
    VerdictEntry,
    writeExport,
} from "./engine";
import { fixtureExport } from "./fixtureExport";

/** A seeded PRNG (mulberry32), so a failing sample can be run again with its seed. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function sample<T>(items: readonly T[], n: number, random: () => number): T[] {
    const pool = [...items];
    for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, n);
}

/** A copy of `doc` with `change` applied to the inputs and outputs of the first resource of `type`. */
function weaken(doc: ExportDoc, type: string, change: (props: Record<string, any>) => void): { doc: ExportDoc; urn: string } {
    const copy: ExportDoc = JSON.parse(JSON.stringify(doc));
    const target = copy.deployment.resources.find((r: ExportResource) => r.type === type);
    assert.ok(target, `the export has no ${type}`);
    change(target.inputs ?? {});
    change(target.outputs ?? {});
    return { doc: copy, urn: target.urn };
}

interface Weakening {
    what: string;
    type: string;
    change: (props: Record<string, any>) => void;
    policy: string;
}

const WEAKENINGS: Weakening[] = [
    { what: "a key without rotation", type: "aws:kms/key:Key", change: (p) => (p.enableKeyRotation = false), policy: "aws-kms-key-enable-key-rotation" },
    {
        what: "a bucket that force-destroys",
        type: "aws:s3/bucket:Bucket",
        change: (p) => (p.forceDestroy = true),
        policy: "aws-s3-bucket-disallow-force-destroy",
    },
    {
        what: "an ingress rule open to the internet",
        type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        change: (p) => {
            delete p.referencedSecurityGroupId;
            p.cidrIpv4 = "0.0.0.0/0";
        },
        policy: "aws-ec2-securitygroup-disallow-public-ingress",
    },
    {
        what: "a log group without a key",
        type: "aws:cloudwatch/logGroup:LogGroup",
        change: (p) => delete p.kmsKeyId,
        policy: "aws-cloudwatch-loggroup-enable-kms-encryption",
    },
    {
        what: "a model without network isolation",
        type: "aws:sagemaker/model:Model",
        change: (p) => (p.enableNetworkIsolation = false),
        policy: "aws-sagemaker-model-enable-network-isolation",
    },
    {
        what: "a subnet that maps public IPs",
        type: "aws:ec2/subnet:Subnet",
        change: (p) => (p.mapPublicIpOnLaunch = true),
        policy: "aws-ec2-subnet-disallow-public-ip-mapping",
    },
    { what: "a topic without a key", type: "aws:sns/topic:Topic", change: (p) => delete p.kmsMasterKeyId, policy: "aws-sns-topic-configure-kms-key" },
    {
        what: "a trail without log-file validation",
        type: "aws:cloudtrail/trail:Trail",
        change: (p) => (p.enableLogFileValidation = false),
        policy: "aws-cloudtrail-trail-enable-multi-region-trail",
    },
];

/** How many of the policy tests' weakened stacks each run compares. */
const SAMPLE_SIZE = 4;

describeWithEngine("parity with the real Pulumi engine", (cli) => {
    const tmp = tempDir();
    let exports: Map<Env, string>;
    const verdicts = new Map<Env, VerdictEntry[]>();

    before(async () => {
        exports = await stackExports();
    });
    after(() => tmp.cleanup());

    describe("each stack's synthesized export, under its environment's config", () => {
        for (const env of ENVS) {
            it(`${env}: the verdicts agree, and the engine accepts each pack with the config file`, async () => {
                verdicts.set(env, await assertSameVerdict(cli(), exports.get(env)!, allPacks(env)));
            });
        }
        it("includes mandatory violations in no environment, so the exit codes agree on success", () => {
            for (const env of ENVS) {
                assert.ok(verdicts.has(env), `no verdict for ${env}`);
                assert.deepStrictEqual(
                    verdicts.get(env)!.filter((v) => v.level === "mandatory"),
                    [],
                    env,
                );
            }
        });
    });

    describe("prod's export weakened in one place, breaking a high or critical rule", () => {
        for (const w of WEAKENINGS) {
            it(`${w.what} (${w.policy})`, async () => {
                const { doc, urn } = weaken(readExport(exports.get("prod")!), w.type, w.change);
                const file = writeExport(path.join(tmp.dir, `prod-${w.policy}.json`), doc);
                // One pack holding the rule keeps the run short; the packs share the rule library.
                const pack = PACK_NAMES.find((p) => selectPolicies({ framework: p }).some((x) => x.name === w.policy));
                assert.ok(pack, `no pack holds ${w.policy}`);
                const entries = await assertSameVerdict(cli(), file, [{ pack, config: configFile("prod") }]);
                const caught = entries.filter((v) => v.policy === w.policy && v.level === "mandatory");
                assert.ok(caught.length > 0, `${w.policy} did not report; the verdict was:\n${entries.map((v) => `${v.policy} ${v.urn}`).join("\n")}`);
                assert.ok(
                    caught.every((v) => v.urn === urn),
                    JSON.stringify(caught, null, 2),
                );
                assert.ok(
                    caught.every((v) => v.severity === "high" || v.severity === "critical"),
                    JSON.stringify(caught, null, 2),
                );
            });
        }
    });

    describe("a random sample of the policy tests' weakened stacks, as exports", () => {
        const seed = Number(process.env.ENGINE_PARITY_SEED ?? Date.now() % 2 ** 31);
        const picked = sample(WEAKENED_CASES, SAMPLE_SIZE, prng(seed));
        before(() => console.log(`      sample seed ${seed} (ENGINE_PARITY_SEED=${seed} repeats it)`));
        for (const [what, make, caughtBy] of picked) {
            it(`${what} (${caughtBy.join(", ")})`, async () => {
                const file = writeExport(path.join(tmp.dir, `fixture-${caughtBy[0]}.json`), fixtureExport(make()));
                const entries = await assertSameVerdict(cli(), file, allPacks("prod"));
                const mandatory = [...new Set(entries.filter((v) => v.level === "mandatory").map((v) => v.policy))].sort();
                assert.deepStrictEqual(mandatory, [...caughtBy].sort());
            });
        }
    });
});
