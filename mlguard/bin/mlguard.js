#!/usr/bin/env node
/**
 * The `mlguard` bin. The tool and the programs it synthesizes are TypeScript, compiled as they
 * load (transpile-only, cached; type checking is `tsc --noEmit`'s job).
 */
"use strict";
require("../src/host/deferModules").install();
require("../src/host/tsLoader").register({ target: "ES2022" });

require("../src/cli")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
        // Pack processes are stopped and channels closed; timers a program left behind are not ours to wait for.
        setImmediate(() => process.exit(code));
    });
