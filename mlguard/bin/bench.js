#!/usr/bin/env node
/** `npm run bench`: see mlguard/src/bench/bench.ts. */
"use strict";
require("../src/host/tsLoader").register({ target: "ES2022" });
require("../src/bench/bench")
    .bench(process.argv.slice(2))
    .then(
        () => process.exit(0),
        (e) => {
            console.error(`bench: ${e && e.message ? e.message : e}`);
            process.exit(2);
        },
    );
