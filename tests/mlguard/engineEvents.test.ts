/**
 * Reading the real engine's output, without the engine: the event stream, the command line, and
 * the message when no CLI can be found.
 */
import * as assert from "assert";
import * as path from "path";
import { UsageError } from "../../mlguard/src/errors";
import { engineArgs, parseEngineEvents } from "../../mlguard/src/engine/pulumiAnalyze";
import { cacheBinDir, requirePulumiCli } from "../../mlguard/src/engine/pulumiCli";
import { readPackDir } from "../../mlguard/src/policy/packDir";
import { PROBE_PACK, tempDir } from "./helpers";

describe("mlguard's reading of the Pulumi engine", () => {
    it("takes policy, remediation, summary and error events from the JSON stream and nothing else", () => {
        const lines = [
            "warning: something printed before the events",
            JSON.stringify({
                sequence: 0,
                policyEvent: {
                    resourceUrn: "urn:a",
                    message: "m",
                    policyName: "p",
                    policyPackName: "k",
                    policyPackVersion: "1",
                    enforcementLevel: "mandatory",
                    severity: "high",
                },
            }),
            JSON.stringify({ sequence: 1, policyRemediationEvent: { resourceUrn: "urn:b", policyName: "r", policyPackName: "k" } }),
            JSON.stringify({ sequence: 2, diagnosticEvent: { severity: "error", message: " loading policy packs: bad \n" } }),
            JSON.stringify({ sequence: 3, diagnosticEvent: { severity: "info", message: "ignored" } }),
            "{ not json",
            JSON.stringify({ sequence: 4, summaryEvent: { result: "failed" } }),
        ];
        const events = parseEngineEvents(lines.join("\n"));
        assert.deepStrictEqual(
            events.violations.map((v) => [v.resourceUrn, v.policyName, v.enforcementLevel]),
            [["urn:a", "p", "mandatory"]],
        );
        assert.deepStrictEqual(
            events.remediations.map((r) => r.policyName),
            ["r"],
        );
        assert.deepStrictEqual(events.errors, ["loading policy packs: bad"]);
        assert.strictEqual(events.result, "failed");
    });

    it("has no result when the stream ends without a summary", () => {
        assert.strictEqual(parseEngineEvents("").result, undefined);
    });

    it("passes packs, then their configs in the same order, as `pulumi policy analyze` pairs them", () => {
        const dir = readPackDir(PROBE_PACK);
        const info = { name: "probe", version: "1", policies: [] } as any;
        assert.deepStrictEqual(
            engineArgs("/x.json", [
                { dir, info, configFile: "/a.json" },
                { dir, info, configFile: "/b.json" },
            ] as any),
            [
                "policy",
                "analyze",
                "--file",
                "/x.json",
                "--json",
                "--policy-pack",
                dir.dir,
                "--policy-pack",
                dir.dir,
                "--policy-pack-config",
                "/a.json",
                "--policy-pack-config",
                "/b.json",
            ],
        );
        assert.throws(
            () =>
                engineArgs("/x.json", [
                    { dir, info, configFile: "/a.json" },
                    { dir, info },
                ] as any),
            /give a --policy-pack-config for "probe" too/,
        );
    });

    it("names the install script when no CLI is on PATH or in the cache", () => {
        const home = tempDir();
        try {
            const env = { PATH: home.dir, HOME: home.dir, XDG_CACHE_HOME: path.join(home.dir, "cache") };
            assert.throws(
                () => requirePulumiCli(env),
                (e: unknown) =>
                    e instanceof UsageError && e.message.includes("scripts/install-pulumi-cli.sh") && e.message.includes(cacheBinDir(undefined, env)),
            );
        } finally {
            home.cleanup();
        }
    });
});
