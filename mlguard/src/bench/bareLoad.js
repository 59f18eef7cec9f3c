/**
 * The benchmark's baseline: a bare `node` that only loads @pulumi/pulumi, @pulumi/aws and the
 * policy packs given as arguments, with the loader mlguard uses, and exits. A pack is loaded by
 * requiring its program with the policy SDK's server stubbed out (one process can serve only one
 * pack, and serving is not loading).
 *
 * `--defer` loads as mlguard's own processes do, with @pulumi/pulumi's closure-serialization
 * dependencies deferred (see ../host/deferModules.js); without it the loads are plain `require`s.
 */
"use strict";
const path = require("path");
const args = process.argv.slice(2);
if (args[0] === "--defer") {
    args.shift();
    require("../host/deferModules").install();
}
require("../host/tsLoader").register({ target: "ES2020" }, { sourceMaps: true });
require("@pulumi/pulumi");
require("@pulumi/aws");
// Resolved before the first chdir, so relative pack paths mean the caller's directory.
for (const abs of args.map((dir) => path.resolve(dir))) {
    const server = require(require.resolve("@pulumi/policy/server", { paths: [abs] }));
    server.serve = () => undefined;
    process.chdir(abs);
    require(abs);
}
process.exit(0);
