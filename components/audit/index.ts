export * from "./AuditBaseline";
