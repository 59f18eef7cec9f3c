/**
 * The variants of an endpoint configuration: production and shadow variants
 * run on the same kind of instances and share the configuration's volume key.
 */
import { getArray, getString } from "../../lib/access";

export interface Variant {
    /** `productionVariants[0]`, for messages. */
    label: string;
    /** The variant's instance type; undefined for serverless variants. An unknown type throws when read. */
    instanceType(): string | undefined;
}

/** The production and shadow variants of an endpoint configuration's props. */
export function variantsOf(props: Record<string, unknown>): Variant[] {
    const out: Variant[] = [];
    for (const field of ["productionVariants", "shadowProductionVariants"]) {
        getArray(props, field).forEach((v, i) => {
            out.push({ label: `${field}[${i}]`, instanceType: () => getString(v, "instanceType") });
        });
    }
    return out;
}
