/**
 * The frameworks the packs are built for, and the control ids each accepts.
 *
 * Rules may only cite ids listed here (a test checks it), so a typo such as
 * `164.312(a)(iv)` or a PCI DSS v3 number cannot slip into the evidence.
 * Titles are short paraphrases for the README, not the standards' text.
 */
import type { PolicyComplianceFramework } from "@pulumi/policy";
import { ControlMapping, Framework } from "./types";

/** The SDK's framework descriptor for each pack. */
export const FRAMEWORK_INFO: Record<Framework, PolicyComplianceFramework> = {
    hipaa: {
        name: "HIPAA Security Rule",
        version: "45 CFR 164.312",
        reference: "https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-C/section-164.312",
        specification: "HIPAA Security Rule, technical safeguards (45 CFR §164.312)",
    },
    "pci-dss": {
        name: "PCI DSS",
        version: "4.0.1",
        reference: "https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0_1.pdf",
        specification: "Payment Card Industry Data Security Standard: Requirements and Testing Procedures, v4.0.1",
    },
    "ml-baseline": {
        name: "ML Platform Baseline",
        version: "1.0.0",
        reference: "policies/README.md#ml-baseline-controls",
        specification: "ml-platform practice and cost baseline for machine-learning workloads",
    },
};

/** HIPAA §164.312 standards and implementation specifications. */
export const HIPAA_CONTROLS: Record<string, string> = {
    "164.312(a)(1)": "Access control",
    "164.312(a)(2)(i)": "Unique user identification",
    "164.312(a)(2)(ii)": "Emergency access procedure",
    "164.312(a)(2)(iii)": "Automatic logoff",
    "164.312(a)(2)(iv)": "Encryption and decryption",
    "164.312(b)": "Audit controls",
    "164.312(c)(1)": "Integrity",
    "164.312(c)(2)": "Mechanism to authenticate ePHI",
    "164.312(d)": "Person or entity authentication",
    "164.312(e)(1)": "Transmission security",
    "164.312(e)(2)(i)": "Integrity controls (in transmission)",
    "164.312(e)(2)(ii)": "Encryption (in transmission)",
};

/** PCI DSS v4.0.1 requirements the library cites. */
export const PCI_DSS_CONTROLS: Record<string, string> = {
    "1.2.1": "Configuration standards for network security controls",
    "1.2.5": "Allowed services, protocols and ports are identified and approved",
    "1.3.1": "Inbound traffic to the CDE is restricted",
    "1.3.2": "Outbound traffic from the CDE is restricted",
    "1.4.1": "Network security controls between trusted and untrusted networks",
    "1.4.2": "Inbound traffic from untrusted networks is restricted",
    "1.4.4": "Components storing cardholder data are not directly accessible from untrusted networks",
    "2.2.1": "Configuration standards are applied to system components",
    "2.2.6": "System security parameters are configured to prevent misuse",
    "3.5.1": "Stored PAN is rendered unreadable with strong cryptography",
    "3.6.1": "Cryptographic keys are protected against disclosure and misuse",
    "3.7.1": "Key management: generation of strong keys",
    "3.7.2": "Key management: secure key distribution",
    "3.7.3": "Key management: secure key storage",
    "3.7.4": "Key management: key changes at the end of the cryptoperiod",
    "3.7.5": "Key management: retirement, replacement or destruction of keys",
    "4.2.1": "Strong cryptography protects data in transmission over open, public networks",
    "6.4.1": "Public-facing web applications are protected against attacks",
    "7.2.1": "An access control model is defined",
    "7.2.2": "Access is assigned by job function with least privilege",
    "7.2.5": "System and application accounts have least privilege",
    "8.2.2": "Shared and generic accounts are controlled",
    "8.6.1": "Interactive use of system and application accounts is managed",
    "10.2.1": "Audit logs are enabled and active for all components and cardholder data",
    "10.2.1.1": "Audit logs capture individual user access to cardholder data",
    "10.2.1.2": "Audit logs capture actions by administrative access",
    "10.3.1": "Read access to audit logs is limited",
    "10.3.2": "Audit logs are protected from modification",
    "10.3.3": "Audit logs are promptly backed up to a central, hard-to-modify store",
    "10.3.4": "Change detection on audit logs",
    "10.4.1.1": "Automated mechanisms perform audit log reviews",
    "10.5.1": "Audit log history is retained for at least 12 months",
    "10.6.1": "System clocks and time are synchronised",
    "10.7.2": "Failures of critical security control systems are detected and alerted",
    "11.5.2": "A change-detection mechanism alerts on unauthorised modification",
    "12.5.1": "An inventory of in-scope system components is maintained",
};

/** The ml-baseline control catalogue. */
export const ML_BASELINE_CONTROLS: Record<string, string> = {
    "ML-ENC-1": "ML data at rest is encrypted with customer-managed KMS keys",
    "ML-ENC-2": "ML traffic is encrypted in transit, including between training containers",
    "ML-NET-1": "ML workloads run in private subnets without a direct path to the internet",
    "ML-NET-2": "Training and inference containers are network-isolated",
    "ML-IAM-1": "ML roles are least-privilege and carry VPC/KMS guard conditions",
    "ML-LOG-1": "Platform activity is logged, protected and retained",
    "ML-BAK-1": "ML data and keys are recoverable (versioning, deletion windows, no force-destroy)",
    "ML-COST-1": "Training uses Spot capacity with checkpointing outside prod",
    "ML-COST-2": "Instance families are allow-listed, Trainium/Inferentia first",
    "ML-TAG-1": "Resources carry owner, environment, cost-center and data-classification tags",
    "ML-REL-1": "Production endpoints deploy blue/green with rollback alarms",
    "ML-DATA-1": "The data lake is governed by Lake Formation with no default IAM grants",
    "ML-OPS-1": "Alarms and workflows notify and trace",
};

/** Control catalogue per framework. */
export const CONTROLS: Record<Framework, Record<string, string>> = {
    hipaa: HIPAA_CONTROLS,
    "pci-dss": PCI_DSS_CONTROLS,
    "ml-baseline": ML_BASELINE_CONTROLS,
};

/** The tag that carries a control id on an SDK policy, e.g. `hipaa:164.312(a)(2)(iv)`. */
export function controlTag(framework: Framework, control: string): string {
    return `${framework}:${control}`;
}

/*
 * Control mappings that several rules evidence the same way. A rule cites one
 * by name beside its check (`frameworks: ENCRYPTION_AT_REST_CONTROLS`), so
 * every rule enforcing one safeguard cites the same controls and a change to
 * the mapping is made once. A rule with a mapping of its own writes it out.
 * (`define.ts` gives each rule its own copy.)
 */

/** Data at rest encrypted with a customer-managed KMS key. */
export const ENCRYPTION_AT_REST_CONTROLS: ControlMapping[] = [
    { framework: "hipaa", controls: ["164.312(a)(2)(iv)"] },
    { framework: "pci-dss", controls: ["3.5.1"] },
    { framework: "ml-baseline", controls: ["ML-ENC-1"] },
];

/** As {@link ENCRYPTION_AT_REST_CONTROLS}, where the rule also rejects AWS-managed keys, whose policy the platform cannot control. */
export const CUSTOMER_KEY_ENCRYPTION_CONTROLS: ControlMapping[] = [
    { framework: "hipaa", controls: ["164.312(a)(2)(iv)"] },
    { framework: "pci-dss", controls: ["3.5.1", "3.6.1"] },
    { framework: "ml-baseline", controls: ["ML-ENC-1"] },
];

/** ML workloads kept in the platform's private subnets, with no direct path to or from the internet. */
export const PRIVATE_NETWORK_CONTROLS: ControlMapping[] = [
    { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(e)(1)"] },
    { framework: "pci-dss", controls: ["1.3.1", "1.3.2", "1.4.4"] },
    { framework: "ml-baseline", controls: ["ML-NET-1"] },
];

/** No path between the platform's VPCs and the internet: no internet gateway, no connected VPC component. */
export const INTERNET_BOUNDARY_CONTROLS: ControlMapping[] = [
    { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(e)(1)"] },
    { framework: "pci-dss", controls: ["1.4.1", "1.4.4"] },
    { framework: "ml-baseline", controls: ["ML-NET-1"] },
];

/** Training, inference and monitoring containers that cannot make outbound calls. */
export const NETWORK_ISOLATION_CONTROLS: ControlMapping[] = [
    { framework: "hipaa", controls: ["164.312(a)(1)", "164.312(e)(1)"] },
    { framework: "pci-dss", controls: ["1.3.2", "1.4.4"] },
    { framework: "ml-baseline", controls: ["ML-NET-2"] },
];

/** Requests to a service endpoint refused unless sent over TLS. */
export const TLS_IN_TRANSIT_CONTROLS: ControlMapping[] = [
    { framework: "hipaa", controls: ["164.312(e)(1)", "164.312(e)(2)(ii)"] },
    { framework: "pci-dss", controls: ["4.2.1"] },
    { framework: "ml-baseline", controls: ["ML-ENC-2"] },
];

/** Traffic between the instances of one distributed SageMaker job encrypted. */
export const INTER_CONTAINER_ENCRYPTION_CONTROLS: ControlMapping[] = [
    { framework: "hipaa", controls: ["164.312(e)(1)", "164.312(e)(2)(ii)"] },
    { framework: "ml-baseline", controls: ["ML-ENC-2"] },
];

/** Audit logs of activity, enabled and active. */
export const AUDIT_LOGGING_CONTROLS: ControlMapping[] = [
    { framework: "hipaa", controls: ["164.312(b)"] },
    { framework: "pci-dss", controls: ["10.2.1"] },
    { framework: "ml-baseline", controls: ["ML-LOG-1"] },
];

/** Audit logs that record individual access to regulated objects. */
export const DATA_ACCESS_LOGGING_CONTROLS: ControlMapping[] = [
    { framework: "hipaa", controls: ["164.312(b)"] },
    { framework: "pci-dss", controls: ["10.2.1", "10.2.1.1"] },
    { framework: "ml-baseline", controls: ["ML-LOG-1"] },
];

/** IAM permissions limited to what a principal needs: no administrator grants. */
export const LEAST_PRIVILEGE_CONTROLS: ControlMapping[] = [
    { framework: "hipaa", controls: ["164.312(a)(1)"] },
    { framework: "pci-dss", controls: ["7.2.1", "7.2.2", "7.2.5"] },
    { framework: "ml-baseline", controls: ["ML-IAM-1"] },
];
