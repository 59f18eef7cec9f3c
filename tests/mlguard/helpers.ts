/**
 * Helpers for mlguard's tests: run the real bin in a child process (exit codes and output as a
 * user sees them), and paths to the fixtures.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..", "..");
export const BIN = path.join(REPO, "mlguard", "bin", "mlguard.js");
export const FIXTURES = path.join(__dirname, "fixtures");
export const PROJECT = path.join(FIXTURES, "project");
export const PACKS = path.join(FIXTURES, "packs");
export const FILES = path.join(FIXTURES, "files");
export const BASELINE_PACK = path.join(PROJECT, "policies", "baseline");
export const PROBE_PACK = path.join(PACKS, "probe");

export interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs `mlguard <args>` in `cwd` (the fixture project by default). */
export function mlguard(args: string[], cwd: string = PROJECT): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const env = { ...process.env };
        delete env.FORCE_COLOR;
        const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlguard-test-"));
    return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The 1-based line of the first line of `file` that contains `needle`. */
export function lineOf(file: string, needle: string): number {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes(needle));
    if (i < 0) {
        throw new Error(`"${needle}" is not in ${file}`);
    }
    return i + 1;
}
