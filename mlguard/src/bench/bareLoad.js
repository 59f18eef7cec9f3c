/**
 * The benchmark's baseline: a bare `node` that only loads @pulumi/pulumi, @pulumi/aws and the
 * policy packs given as arguments, with the loader mlguard uses, and exits. A pack is loaded by
 * requiring its program with the policy SDK's server stubbed out (one process can serve only one
 * pack, and serving is not loading).
 */
"use strict";
const path = require("path");
require("../host/tsLoader").register({ target: "ES2020" }, { sourceMaps: true });
require("@pulumi/pulumi");
require("@pulumi/aws");
for (const dir of process.argv.slice(2)) {
    const abs = path.resolve(dir);
    const server = require(require.resolve("@pulumi/policy/server", { paths: [abs] }));
    server.serve = () => undefined;
    process.chdir(abs);
    require(abs);
}
process.exit(0);
