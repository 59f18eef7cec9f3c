export * from "./IsolatedNetwork";
export * from "./ConnectedSandboxVpc";
export * from "./cidr";
export * from "./endpoints";
export * from "./adopt";
