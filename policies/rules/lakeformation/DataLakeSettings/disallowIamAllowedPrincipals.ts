import { getArray, getString } from "../../../lib/access";
import { resourceRule } from "../../../lib/define";
import { Findings } from "../../../lib/result";

/** Lake Formation's name for "whoever IAM allows", which turns Lake Formation permissions off. */
export const IAM_ALLOWED_PRINCIPALS = "IAM_ALLOWED_PRINCIPALS";

/**
 * Lake Formation ships with "use only IAM access control": every new database
 * and table grants ALL to IAM_ALLOWED_PRINCIPALS, so anyone whose IAM policy
 * allows Glue can read the data, and LF-tags and grants decide nothing. The
 * data lake settings must not keep those default grants. Leaving the lists
 * out (or empty) is compliant: PutDataLakeSettings treats an absent list as
 * "access controlled by Lake Formation permissions".
 */
export const lakeFormationDataLakeSettingsDisallowIamAllowedPrincipals = resourceRule({
    name: "aws-lakeformation-datalakesettings-disallow-iam-allowed-principals",
    description: "Lake Formation data lake settings must not grant default permissions on new databases or tables to IAM_ALLOWED_PRINCIPALS.",
    severity: "high",
    topics: ["access"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(a)(1)"] },
        { framework: "pci-dss", controls: ["7.2.1", "7.2.2"] },
        { framework: "ml-baseline", controls: ["ML-DATA-1"] },
    ],
    remediationSteps:
        "Set `createDatabaseDefaultPermissions: []` and `createTableDefaultPermissions: []` on the " +
        "aws.lakeformation.DataLakeSettings (the data lake component does), then revoke IAM_ALLOWED_PRINCIPALS from existing " +
        "databases and tables and grant access with LF-tags.",
    resourceTypes: ["aws:lakeformation/dataLakeSettings:DataLakeSettings"],
    check: (props, ctx) => {
        const findings = new Findings();
        for (const field of ["createDatabaseDefaultPermissions", "createTableDefaultPermissions"]) {
            const entries = ctx.attempt(() => getArray(props, field), field) ?? [];
            entries.forEach((entry, i) => {
                ctx.attempt(() => {
                    if (getString(entry, "principal") === IAM_ALLOWED_PRINCIPALS) {
                        findings.add(`Data lake settings "${ctx.name}": ${field}[${i}] grants default permissions to ${IAM_ALLOWED_PRINCIPALS}.`);
                    }
                }, `${field}[${i}].principal`);
            });
        }
        return findings.result();
    },
});
