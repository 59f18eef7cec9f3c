/**
 * IPv4 CIDR arithmetic for carving private subnets out of a VPC range.
 *
 * Pure functions, so the layout is unit-tested without mocks and a preview
 * shows exactly the ranges that `pulumi up` will create.
 */

/**
 * How many bits the subnets add to the VPC prefix: the range is cut into
 * 2^3 = 8 equal slots and subnet `i` always takes slot `i`.
 *
 * The slot size does not depend on how many AZs are used, so going from 2 to
 * 3 AZs adds a subnet without moving the existing ones (a moved CIDR would
 * force AWS to replace the subnet and everything running in it). Six slots
 * cover the AZ maximum; the last two stay free for later growth.
 */
export const SUBNET_SLOT_BITS = 3;

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** A parsed IPv4 CIDR block: the network address as an unsigned integer and the prefix length. */
export interface Ipv4Cidr {
    address: number;
    prefix: number;
}

/** Parses `a.b.c.d/n`; throws on malformed input or host bits set. */
export function parseCidr(cidr: string): Ipv4Cidr {
    const m = CIDR.exec(cidr);
    if (!m) {
        throw new Error(`"${cidr}" is not an IPv4 CIDR block`);
    }
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        throw new Error(`"${cidr}" is not an IPv4 CIDR block`);
    }
    // Arithmetic rather than bitwise operators: JS bitwise results are signed 32-bit.
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    if (address % 2 ** (32 - prefix) !== 0) {
        throw new Error(`"${cidr}" has host bits set`);
    }
    return { address, prefix };
}

/** Formats an address and prefix as `a.b.c.d/n`. */
export function formatCidr(address: number, prefix: number): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256);
    return `${octets.join(".")}/${prefix}`;
}

/**
 * The first `count` subnet ranges of `vpcCidr`, each `newBits` longer than
 * the VPC prefix, in address order.
 *
 * @throws when `count` exceeds the 2^newBits slots or a subnet would be
 *   smaller than AWS's /28 minimum.
 */
export function carveSubnetCidrs(vpcCidr: string, count: number, newBits = SUBNET_SLOT_BITS): string[] {
    const { address, prefix } = parseCidr(vpcCidr);
    const subnetPrefix = prefix + newBits;
    if (!Number.isInteger(count) || count < 0 || count > 2 ** newBits) {
        throw new Error(`cannot carve ${count} subnets from ${2 ** newBits} slots`);
    }
    if (subnetPrefix > 28) {
        throw new Error(`${vpcCidr} split ${2 ** newBits} ways gives /${subnetPrefix} subnets; AWS's smallest subnet is /28`);
    }
    const size = 2 ** (32 - subnetPrefix);
    return Array.from({ length: count }, (_, i) => formatCidr(address + i * size, subnetPrefix));
}

/** The RFC 1918 private ranges. */
export const RFC1918_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
    const o = parseCidr(outer);
    const i = parseCidr(inner);
    return i.prefix >= o.prefix && Math.floor(i.address / 2 ** (32 - o.prefix)) === o.address / 2 ** (32 - o.prefix);
}

/** True when `cidr` lies inside one of the RFC 1918 private ranges. */
export function isRfc1918(cidr: string): boolean {
    return RFC1918_RANGES.some((range) => cidrContains(range, cidr));
}
