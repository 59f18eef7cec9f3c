// Pending tests are forbidden wherever the engine tests are required (CI sets
// MLGUARD_REQUIRE_PULUMI_CLI=1), so nothing is skipped there. Elsewhere the only pending tests are
// the real-engine suites on a machine without the Pulumi CLI; their titles say how to get it.
"use strict";
module.exports = {
    require: ["ts-node/register/transpile-only"],
    extension: ["ts"],
    timeout: 60000,
    "forbid-only": true,
    "forbid-pending": process.env.MLGUARD_REQUIRE_PULUMI_CLI === "1",
    exit: true,
};
