/**
 * A require hook for `.ts` files: TypeScript's `transpileModule` (what ts-node does in
 * transpile-only mode), with the output cached on disk by content hash.
 *
 * Loading the TypeScript compiler costs more than everything else mlguard does for a small
 * stack. With a warm cache it is never loaded: each file is compiled once per content change,
 * shared by the CLI and every pack process. Type checking is `tsc --noEmit`'s job.
 */
"use strict";
const { createHash } = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");
const Module = require("module");

const LOADER_VERSION = "1";
let ts;
/** Compiled output of every file this hook loaded, for stack-trace mapping; shared by registrations. */
const compiled = new Map();
let sourceMapsInstalled = false;

function typescriptVersion() {
    try {
        return require(require.resolve("typescript/package.json", { paths: [process.cwd(), __dirname] })).version;
    } catch {
        return "none";
    }
}

function cacheDir() {
    const candidates = [
        process.env.MLGUARD_TS_CACHE,
        path.join(__dirname, "..", "..", "..", "node_modules", ".cache", "mlguard-ts"),
        path.join(os.tmpdir(), "mlguard-ts-cache"),
    ].filter(Boolean);
    for (const dir of candidates) {
        try {
            fs.mkdirSync(dir, { recursive: true });
            fs.accessSync(dir, fs.constants.W_OK);
            return dir;
        } catch {
            // try the next one
        }
    }
    return undefined;
}

/**
 * Maps stack traces through the inline source maps of the files this hook compiled, and only
 * those: Node's own `--enable-source-maps` would read the source map of every package loaded.
 * Pulumi derives a resource's source position from a stack trace, so this keeps them in the .ts.
 */
function installSourceMaps() {
    if (sourceMapsInstalled) {
        return;
    }
    sourceMapsInstalled = true;
    let sms;
    try {
        const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd(), __dirname] }));
        sms = require(require.resolve("source-map-support", { paths: [pulumiDir] }));
    } catch {
        process.setSourceMapsEnabled(true);
        return;
    }
    const prefix = "//# sourceMappingURL=data:application/json;base64,";
    sms.install({
        environment: "node",
        hookRequire: false,
        handleUncaughtExceptions: false,
        overrideRetrieveSourceMap: true,
        retrieveSourceMap: (source) => {
            const js = compiled.get(source);
            const at = js ? js.lastIndexOf(prefix) : -1;
            if (at < 0) {
                return null;
            }
            return { url: source, map: Buffer.from(js.slice(at + prefix.length).trim(), "base64").toString("utf8") };
        },
    });
    // Pulumi formats a full stack trace for every resource it registers. Map only the frames of
    // files compiled here and leave the rest as V8 formats them, which is several times cheaper
    // than rewrapping every call site.
    Error.prepareStackTrace = (error, frames) => {
        let out;
        try {
            out = error && error.message ? `${error.name || "Error"}: ${error.message}` : String((error && error.name) || "Error");
        } catch {
            out = "Error";
        }
        for (const frame of frames) {
            // V8's own formatting, so a frame reads (and parses) exactly as without mapping.
            let text = frame.toString();
            const file = frame.getFileName();
            if (file && compiled.has(file)) {
                const line = frame.getLineNumber();
                const column = frame.getColumnNumber();
                const pos = sms.mapSourcePosition({ source: file, line, column: column - 1 });
                if (pos.source !== file || pos.line !== line) {
                    text = text.replace(`${file}:${line}:${column}`, `${pos.source}:${pos.line}:${pos.column + 1}`);
                }
            }
            out += `\n    at ${text}`;
        }
        return out;
    };
}

/**
 * Registers the hook. `compilerOptions` are TypeScript compiler options (JSON form); the module
 * kind is always CommonJS, as the Node.js language host runs programs. With `sourceMaps`, stack
 * traces point into the TypeScript sources. Registering again changes the options for the files
 * loaded from then on.
 */
function register(compilerOptions, { sourceMaps = true } = {}) {
    const options = {
        target: "ES2022",
        esModuleInterop: true,
        ...compilerOptions,
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: false,
        inlineSourceMap: true,
        inlineSources: false,
        declaration: false,
        noEmit: false,
        isolatedModules: true,
    };
    const dir = cacheDir();
    const salt = JSON.stringify([LOADER_VERSION, typescriptVersion(), options]);
    if (sourceMaps) {
        installSourceMaps();
    }
    const compile = (source, filename) => {
        const key = createHash("sha256").update(salt).update("\0").update(filename).update("\0").update(source).digest("hex");
        const cached = dir && path.join(dir, key.slice(0, 2), `${key}.js`);
        if (cached) {
            try {
                return fs.readFileSync(cached, "utf8");
            } catch {
                // not cached yet
            }
        }
        ts = ts || require(require.resolve("typescript", { paths: [process.cwd(), __dirname] }));
        const converted = ts.convertCompilerOptionsFromJson(options, path.dirname(filename));
        const out = ts.transpileModule(source, { compilerOptions: converted.options, fileName: filename, reportDiagnostics: false }).outputText;
        if (cached) {
            try {
                fs.mkdirSync(path.dirname(cached), { recursive: true });
                const tmp = `${cached}.${process.pid}.tmp`;
                fs.writeFileSync(tmp, out);
                fs.renameSync(tmp, cached);
            } catch {
                // a read-only cache only costs speed
            }
        }
        return out;
    };
    Module._extensions[".ts"] = function (module, filename) {
        const js = compile(fs.readFileSync(filename, "utf8"), filename);
        if (sourceMaps) {
            compiled.set(filename, js);
        }
        module._compile(js, filename);
    };
}

/**
 * `compilerOptions` of a tsconfig.json (JSON with comments and trailing commas), without loading
 * the TypeScript compiler. Like the SDK's own reader, it ignores `extends`.
 */
function readCompilerOptions(file) {
    let text;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return {};
    }
    let out = "";
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"') {
            const start = i;
            for (i++; i < text.length && text[i] !== '"'; i++) {
                if (text[i] === "\\") {
                    i++;
                }
            }
            out += text.slice(start, i + 1);
        } else if (c === "/" && text[i + 1] === "/") {
            while (i < text.length && text[i] !== "\n") {
                i++;
            }
            out += "\n";
        } else if (c === "/" && text[i + 1] === "*") {
            i = text.indexOf("*/", i + 2);
            if (i < 0) {
                break;
            }
            i++;
        } else {
            out += c;
        }
    }
    try {
        const doc = JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
        return (doc && doc.compilerOptions) || {};
    } catch {
        return undefined;
    }
}

module.exports = { register, readCompilerOptions };
