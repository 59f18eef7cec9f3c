export * from "./SecureBucket";
