/**
 * @ml-platform/components: governed building blocks for a HIPAA/PCI-ready ML platform on AWS.
 */
export * from "./lib";
export * from "./storage";
