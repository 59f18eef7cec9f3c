/** Writing results: atomically to a file, or to stdout. */
import * as fs from "fs";
import * as path from "path";
import { UsageError, firstLine } from "../errors";

/**
 * Writes `text` to `file` so that the file either keeps its old content or gets all of the new:
 * the text goes to a temporary file beside it, which is then renamed over it.
 */
export function writeFileAtomic(file: string, text: string): void {
    const dir = path.dirname(path.resolve(file));
    if (!fs.existsSync(dir)) {
        throw new UsageError(`cannot write ${file}: directory ${dir} does not exist`);
    }
    const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
    try {
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, file);
    } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw new UsageError(`cannot write ${file}: ${firstLine(e)}`);
    }
}

/** Checks early that `--out` can be written, so a run doesn't do all its work for nothing. */
export function checkWritable(file: string): void {
    const dir = path.dirname(path.resolve(file));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new UsageError(`cannot write ${file}: directory ${dir} does not exist`);
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
        throw new UsageError(`cannot write ${file}: it is a directory`);
    }
}

export function emit(text: string, out: string | undefined): Promise<void> {
    if (out) {
        writeFileAtomic(out, text);
        return Promise.resolve();
    }
    return new Promise((resolve) => {
        if (process.stdout.write(text)) {
            resolve();
        } else {
            process.stdout.once("drain", () => resolve());
        }
    });
}
