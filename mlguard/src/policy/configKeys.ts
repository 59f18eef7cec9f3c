/**
 * Policy-config keys that name no policy.
 *
 * The engine ignores a config entry for a policy no pack has, so a misspelt name leaves the real
 * policy at its default level without a word. One config file serves every pack of the project,
 * so a key is known when any of the project's packs (not only the ones in this run) has a policy
 * of that name; `all` is the engine's key for every policy.
 */
import * as path from "path";
import { UsageError } from "../errors";
import { Project, defaultPackDirs } from "../project";
import { LoadedPack, PackRequest, StackContext, startPacks, stopPacks } from "./analyze";
import { PolicyConfigMap } from "./config";
import { readPackDir } from "./packDir";
import { StartOptions } from "./packProcess";
import { decodeInfo, emptyRequest } from "./protocol";

/** The engine's key that sets the level of every policy. */
const ALL = "all";

/** How many near names an error suggests. */
const SUGGESTIONS = 3;

/** Levenshtein distance: insertions, deletions and substitutions, one each. */
export function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length];
}

/** The `count` names nearest to `key`, nearest first (ties alphabetically). */
export function nearestNames(key: string, names: Iterable<string>, count = SUGGESTIONS): string[] {
    return [...new Set(names)]
        .map((n) => ({ n, d: editDistance(key, n) }))
        .sort((x, y) => x.d - y.d || (x.n < y.n ? -1 : x.n > y.n ? 1 : 0))
        .slice(0, count)
        .map((x) => x.n);
}

/** A config file and what it holds. */
export interface ConfigSource {
    file: string;
    config: PolicyConfigMap;
}

/** Each key of each file that `known` lacks, once per file, in file order. */
export function unknownKeys(sources: ConfigSource[], known: ReadonlySet<string>): { file: string; key: string }[] {
    const seen = new Set<string>();
    const out: { file: string; key: string }[] = [];
    for (const s of sources) {
        if (seen.has(s.file)) {
            continue;
        }
        seen.add(s.file);
        for (const key of Object.keys(s.config)) {
            if (key !== ALL && !known.has(key)) {
                out.push({ file: s.file, key });
            }
        }
    }
    return out;
}

/** One error naming every unknown key, each with the nearest policy names. */
export function unknownKeysError(unknown: { file: string; key: string }[], known: ReadonlySet<string>, packs: string[]): UsageError {
    const parts = unknown.map(({ file, key }) => {
        const near = nearestNames(key, known);
        return `${file}: "${key}" names no policy of ${packs.join(", ")}${near.length ? `; nearest: ${near.join(", ")}` : ""}`;
    });
    return new UsageError(`unknown policy in config: ${parts.join("; ")}`);
}

/**
 * Throws when a config file of the run has a key no pack of the project (nor of the run) has a
 * policy for. The project's packs outside the run are started, asked for their policies and
 * stopped only when the run's own packs leave a key unknown.
 */
export async function checkConfigKeys(
    requests: PackRequest[],
    packs: LoadedPack[],
    project: Project | undefined,
    ctx: StackContext,
    opts: StartOptions,
): Promise<void> {
    const sources = requests.flatMap((r) => (r.config && r.configFile ? [{ file: r.configFile, config: r.config }] : []));
    const known = new Set(packs.flatMap((p) => p.info.policies.map((pol) => pol.name)));
    const packNames = packs.map((p) => p.info.name);
    let unknown = unknownKeys(sources, known);
    if (unknown.length === 0) {
        return;
    }
    const running = new Set(packs.map((p) => path.resolve(p.dir.dir)));
    const others = (project ? defaultPackDirs(project) : []).filter((d) => !running.has(path.resolve(d)));
    if (others.length > 0) {
        const procs = await startPacks(
            others.map((d) => ({ dir: readPackDir(d, path.relative(process.cwd(), d) || ".") })),
            ctx,
            opts,
        );
        try {
            const infos = await Promise.all(procs.map(async (proc) => decodeInfo(await proc.call("getAnalyzerInfo", emptyRequest(), "GetAnalyzerInfo"))));
            for (const info of infos) {
                packNames.push(info.name);
                info.policies.forEach((pol) => known.add(pol.name));
            }
        } finally {
            stopPacks(procs);
        }
        unknown = unknownKeys(sources, known);
    }
    if (unknown.length > 0) {
        throw unknownKeysError(unknown, known, packNames);
    }
}
