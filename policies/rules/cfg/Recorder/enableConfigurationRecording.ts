import { getBool } from "../../../lib/access";
import { schema } from "../../../lib/config";
import { stackRule } from "../../../lib/define";
import { Findings, notApplicable } from "../../../lib/result";

const RECORDER = "aws:cfg/recorder:Recorder";
const CHANNEL = "aws:cfg/deliveryChannel:DeliveryChannel";
const STATUS = "aws:cfg/recorderStatus:RecorderStatus";

/**
 * AWS Config is the platform's record of how every resource was configured
 * and when it changed. It needs all three parts: a recorder, a delivery
 * channel, and a recorder status that switches recording on (a recorder
 * alone records nothing). Set `managedElsewhere: true` when an organisation
 * deploys Config centrally.
 */
export const cfgRecorderEnableConfigurationRecording = stackRule<{ managedElsewhere: boolean }>({
    name: "aws-cfg-recorder-enable-configuration-recording",
    description:
        "The stack must have an AWS Config recorder recording all supported resources, a delivery channel, and an enabled recorder status (unless managed elsewhere).",
    severity: "high",
    topics: ["logging", "monitoring"],
    frameworks: [
        { framework: "hipaa", controls: ["164.312(b)"] },
        { framework: "pci-dss", controls: ["10.2.1", "11.5.2"] },
        { framework: "ml-baseline", controls: ["ML-LOG-1"] },
    ],
    remediationSteps:
        "Create an aws.cfg.Recorder (`recordingGroup: { allSupported: true, includeGlobalResourceTypes: true }`), an " +
        "aws.cfg.DeliveryChannel to the audit bucket, and an aws.cfg.RecorderStatus with `isEnabled: true` that depends on " +
        "the channel. If Config is deployed centrally, set `managedElsewhere: true` in the environment's policy config.",
    configSchema: schema({
        managedElsewhere: { type: "boolean", default: false, description: "AWS Config is deployed for this account by another stack." },
    }),
    check: (stack, ctx) => {
        if (ctx.config.managedElsewhere) {
            return notApplicable("AWS Config is managed elsewhere (config managedElsewhere: true)");
        }
        const f = new Findings();
        const recorders = stack.ofType(RECORDER);
        if (recorders.length === 0) {
            f.add("the stack has no AWS Config recorder.");
        }
        for (const r of recorders) {
            ctx.attempt(() => {
                if (getBool(r.props, "recordingGroup", "allSupported") === false) {
                    f.add(`Config recorder "${r.name}" does not record all supported resource types.`, r.urn);
                }
            }, r.name);
        }
        if (stack.ofType(CHANNEL).length === 0) {
            f.add("the stack has no AWS Config delivery channel.");
        }
        const statuses = stack.ofType(STATUS);
        const enabled = statuses.filter((s) => ctx.attempt(() => getBool(s.props, "isEnabled") === true, s.name, false));
        if (enabled.length === 0) {
            f.add(
                statuses.length === 0
                    ? "the stack has no AWS Config recorder status, so recording is off."
                    : "no AWS Config recorder status has isEnabled: true.",
            );
        }
        return f.result();
    },
});
