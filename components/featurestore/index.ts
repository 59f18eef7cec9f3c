export * from "./FeatureStore";
