export * from "./GovernedDataLake";
