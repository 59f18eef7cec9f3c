/**
 * The PCI DSS v4.0.1 policy pack.
 *
 *   pulumi preview --policy-pack policies/pci-dss --policy-pack-config policies/config/<env>.json
 *
 * It selects its rules from the shared library by framework; it defines none.
 */
import { PolicyPack } from "@pulumi/policy";
import { FRAMEWORK_INFO } from "../lib/frameworks";
import { selectPolicies } from "../lib/select";

new PolicyPack("ml-platform-pci-dss", {
    description:
        "PCI DSS v4.0.1 controls for the ML platform: network security controls, protection of stored account data and keys, encryption in transit, least privilege, and audit logging.",
    displayName: `ml-platform: ${FRAMEWORK_INFO["pci-dss"].name} ${FRAMEWORK_INFO["pci-dss"].version}`,
    provider: "aws",
    tags: ["pci-dss", "aws", "ml-platform"],
    policies: selectPolicies({ framework: "pci-dss" }),
});
