/**
 * Defers the two dependencies `@pulumi/pulumi` loads only for closure serialization (turning a
 * JavaScript function into the code of a Lambda): the TypeScript compiler, which it parses
 * functions with, and `@npmcli/arborist`, which it walks `node_modules` with. Its index loads
 * both eagerly; together they are more than half of the SDK's load time, and every mlguard
 * process (the CLI, which runs the program under mocks, and each pack) paid it without ever
 * serializing a closure.
 *
 * Each is replaced, at exactly the one import site named below, by a proxy that loads the real
 * module on first use and then forwards everything to it, so a program or pack that does
 * serialize a closure behaves as before. A module that cannot be resolved is not deferred, so
 * the SDK's own fallback (its vendored TypeScript) still applies. Any other import is untouched.
 */
"use strict";
const Module = require("module");
const path = require("path");

const sep = `\\${path.sep}`;
const DEFERRED = new Map([
    // typescript-shim.js: `module.exports = require("typescript")`; parseFunction.js uses it inside functions only.
    ["typescript", { from: new RegExp(`${sep}@pulumi${sep}pulumi${sep}typescript-shim\\.js$`), esModule: false }],
    // codePaths.js: `__importStar(require("@npmcli/arborist"))`, used only as `arborist.Arborist` inside a function.
    // `__importStar` returns an ES module as is; answering `__esModule` keeps it from copying (loading) every key.
    ["@npmcli/arborist", { from: new RegExp(`${sep}@pulumi${sep}pulumi${sep}runtime${sep}closure${sep}codePaths\\.js$`), esModule: true }],
]);

/** A stand-in for a module that loads it on first use. */
function lazyModule(load, esModule) {
    let real;
    let loaded = false;
    const target = () => {
        if (!loaded) {
            real = load();
            loaded = true;
        }
        return real;
    };
    return new Proxy(
        {},
        {
            // Once it has told `__importStar` it is an ES module, it keeps saying so.
            get: (_, key) => (esModule && key === "__esModule" ? true : Reflect.get(target(), key)),
            set: (_, key, value) => Reflect.set(target(), key, value),
            has: (_, key) => Reflect.has(target(), key),
            ownKeys: () => Reflect.ownKeys(target()),
            // The stand-in is an empty, extensible object: a property it reports must be configurable.
            getOwnPropertyDescriptor: (_, key) => {
                const d = Reflect.getOwnPropertyDescriptor(target(), key);
                return d && { ...d, configurable: true };
            },
            defineProperty: (_, key, d) => Reflect.defineProperty(target(), key, d),
            deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
            getPrototypeOf: () => Reflect.getPrototypeOf(target()),
        },
    );
}

let installed = false;

/** Installs the deferral for this process (idempotent). */
function install() {
    if (installed) {
        return;
    }
    installed = true;
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
        const rule = DEFERRED.get(request);
        if (!rule || !parent || !rule.from.test(parent.filename ?? "")) {
            return load.apply(this, arguments);
        }
        try {
            Module._resolveFilename(request, parent, isMain);
        } catch {
            return load.apply(this, arguments);
        }
        return lazyModule(() => load.call(this, request, parent, isMain), rule.esModule);
    };
}

module.exports = { install };
