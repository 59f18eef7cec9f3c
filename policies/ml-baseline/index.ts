/**
 * The ML platform baseline policy pack.
 *
 *   pulumi preview --policy-pack policies/ml-baseline --policy-pack-config policies/config/<env>.json
 *
 * It selects its rules from the shared library by framework; it defines none.
 */
import { PolicyPack } from "@pulumi/policy";
import { FRAMEWORK_INFO } from "../lib/frameworks";
import { selectPolicies } from "../lib/select";

new PolicyPack("ml-platform-ml-baseline", {
    description:
        "ML platform practice and cost baseline: private, isolated and encrypted training and inference, Spot training outside prod, allow-listed instance families (Trainium/Inferentia first), and required tags.",
    displayName: `ml-platform: ${FRAMEWORK_INFO["ml-baseline"].name} ${FRAMEWORK_INFO["ml-baseline"].version}`,
    provider: "aws",
    tags: ["ml-baseline", "aws", "ml-platform"],
    policies: selectPolicies({ framework: "ml-baseline" }),
});
