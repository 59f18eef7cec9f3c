/**
 * @ml-platform/policies: the shared CrossGuard rule library.
 *
 * The packs (`hipaa/`, `pci-dss/`, `ml-baseline/`) are separate directories
 * the Pulumi engine loads; this entry point exports the library itself
 * (rules, helpers, selection) for tools and tests. It never constructs a
 * PolicyPack.
 */
export * from "./lib";
export { allPolicies } from "./rules";
export { selectPolicies, selectRules, toSdkPolicy, policyTags } from "./lib/select";
export type { SelectOptions } from "./lib/select";
