export * from "./StudioDomain";
export * from "./idleShutdownScript";
