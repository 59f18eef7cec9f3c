/** Wall-clock measurement of child processes, shared by the benchmark's sections. */
import { spawn } from "child_process";

export interface Timed {
    ms: number;
    code: number | null;
    stderr: string;
}

/** Runs `cmd args` to completion with stdout discarded; never rejects. */
export function timed(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Timed> {
    return new Promise((resolve) => {
        const t0 = process.hrtime.bigint();
        const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        child.on("error", (e) => (stderr += String(e)));
        child.on("close", (code) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, stderr }));
    });
}

export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
