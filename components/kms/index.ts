export * from "./PlatformKeys";
