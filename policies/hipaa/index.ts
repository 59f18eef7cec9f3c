/**
 * The HIPAA Security Rule technical safeguards (45 CFR §164.312) policy pack.
 *
 *   pulumi preview --policy-pack policies/hipaa --policy-pack-config policies/config/<env>.json
 *
 * It selects its rules from the shared library by framework; it defines none.
 */
import { PolicyPack } from "@pulumi/policy";
import { FRAMEWORK_INFO } from "../lib/frameworks";
import { selectPolicies } from "../lib/select";

new PolicyPack("ml-platform-hipaa", {
    description:
        "HIPAA Security Rule technical safeguards (45 CFR 164.312) for the ML platform: access control, encryption, audit controls, integrity and transmission security.",
    displayName: `ml-platform: ${FRAMEWORK_INFO["hipaa"].name} ${FRAMEWORK_INFO["hipaa"].version}`,
    provider: "aws",
    tags: ["hipaa", "aws", "ml-platform"],
    policies: selectPolicies({ framework: "hipaa" }),
});
