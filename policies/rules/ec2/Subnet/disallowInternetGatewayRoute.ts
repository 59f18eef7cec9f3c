import type { PolicyResource } from "@pulumi/policy";
import { schema, tagSelectorProperties } from "../../../lib/config";
import { findingFor, stackRule } from "../../../lib/define";
import { EC2_TYPES, inlineIgwRoutes, routeTableIdentity, routesToInternetGateway } from "../../../lib/ec2";
import { PRIVATE_NETWORK_CONTROLS } from "../../../lib/frameworks";
import { Findings } from "../../../lib/result";
import { ec2Identity, ec2IdFromRef, knownStrings, referencedAnywhere, referencedBy, tagsOf } from "../../../lib/stack";

interface Config {
    mlSubnetTagKey: string;
    mlSubnetTagValues: string[];
}

const SAGEMAKER_PREFIX = "aws:sagemaker/";

/**
 * Subnets that host ML workloads must have no route to an internet gateway:
 * training data, model artifacts and inference payloads then have no direct
 * path to or from the internet, and AWS APIs are reached through VPC
 * endpoints.
 *
 * A subnet hosts ML workloads when a SageMaker resource in the stack refers
 * to it (by value or by dependency: domains, notebooks, models, training and
 * monitoring jobs), or when it carries the configured tag (default
 * `workload=ml`). Its routes are those of its associated route table, or of
 * the VPC's main route table when it has no association. Any route to an
 * internet gateway counts here, whatever its destination; unrestricted
 * (`0.0.0.0/0`, `::/0`) ones on every table, ML or not, are the concern of
 * aws-ec2-routetable-disallow-unrestricted-internet-gateway-route.
 */
export const ec2SubnetDisallowInternetGatewayRoute = stackRule<Config>({
    name: "aws-ec2-subnet-disallow-internet-gateway-route",
    description: "Subnets hosting ML workloads must not have a route to an internet gateway.",
    severity: "critical",
    topics: ["network", "ml"],
    frameworks: PRIVATE_NETWORK_CONTROLS,
    remediationSteps:
        "Place ML workloads in private subnets whose route table has no `gatewayId` pointing at an aws.ec2.InternetGateway; " +
        "reach AWS services through VPC endpoints (S3 gateway endpoint, SageMaker/STS/KMS/Logs interface endpoints).",
    configSchema: schema(tagSelectorProperties("mlSubnet", "workload", ["ml"])),
    appliesTo: [...EC2_TYPES.subnet],
    check: (stack, ctx) => {
        const subnets = stack.ofType(...EC2_TYPES.subnet);
        const igws = stack.ofType(...EC2_TYPES.internetGateway);
        const tables = stack.ofType(...EC2_TYPES.routeTable);
        const tagValues = new Set(ctx.config.mlSubnetTagValues);

        const mlSubnets = new Set<PolicyResource>();
        for (const r of stack.resources.filter((x) => x.type.startsWith(SAGEMAKER_PREFIX))) {
            for (const s of referencedAnywhere(r, subnets, ec2Identity)) {
                mlSubnets.add(s);
            }
        }
        for (const s of subnets) {
            const v = tagsOf(s).get(ctx.config.mlSubnetTagKey);
            if (v !== undefined && tagValues.has(v)) {
                mlSubnets.add(s);
            }
        }

        const vpcs = stack.ofType(...EC2_TYPES.vpc);
        const routes = stack.ofType(...EC2_TYPES.route);
        /** The route tables a resource's `prop` points at; unknown and unresolvable throws for the SDK. */
        const tablesFor = (r: PolicyResource, prop: string, candidates: PolicyResource[], identity: (t: PolicyResource) => string[]) => {
            const ref = referencedBy(r, prop, candidates, identity, ec2IdFromRef);
            if (ref.targets.length === 0 && ref.unknown) {
                throw ref.unknown;
            }
            return ref.targets;
        };
        /** A subnet's route tables: its explicit associations, else its VPC's main table. */
        const subnetTables = (subnet: PolicyResource): PolicyResource[] => {
            const explicit = stack
                .ofType(...EC2_TYPES.routeTableAssociation)
                .filter((a) => tablesFor(a, "subnetId", [subnet], ec2Identity).length > 0)
                .flatMap((a) => tablesFor(a, "routeTableId", tables, routeTableIdentity));
            if (explicit.length > 0) {
                return explicit;
            }
            const vpc = tablesFor(subnet, "vpcId", vpcs, ec2Identity);
            const main = stack
                .ofType(...EC2_TYPES.mainRouteTableAssociation)
                .filter((a) => tablesFor(a, "vpcId", vpc, ec2Identity).length > 0)
                .flatMap((a) => tablesFor(a, "routeTableId", tables, routeTableIdentity));
            const defaults = stack
                .ofType("aws:ec2/defaultRouteTable:DefaultRouteTable")
                .filter((t) => tablesFor(t, "defaultRouteTableId", vpc, (v) => knownStrings(v.props, ["defaultRouteTableId"])).length > 0);
            return [...main, ...defaults];
        };

        const f = new Findings();
        for (const subnet of mlSubnets) {
            ctx.attempt(() => {
                for (const table of subnetTables(subnet)) {
                    const inline = inlineIgwRoutes(table, igws);
                    const separate = routes.filter(
                        (r) => tablesFor(r, "routeTableId", [table], routeTableIdentity).length > 0 && routesToInternetGateway(r.props, r, "gatewayId", igws),
                    );
                    if (inline + separate.length > 0) {
                        const via = separate.length > 0 ? ` (route ${separate.map((r) => `"${r.name}"`).join(", ")})` : "";
                        f.add(findingFor(subnet, `hosts ML workloads but its route table "${table.name}" routes to an internet gateway${via}.`));
                    }
                }
            }, subnet.name);
        }
        return f.result();
    },
});
