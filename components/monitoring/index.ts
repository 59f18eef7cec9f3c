export * from "./ModelMonitoring";
