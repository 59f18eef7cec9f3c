export * from "./componentProvider";
