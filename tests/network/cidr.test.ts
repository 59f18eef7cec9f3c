import * as assert from "assert";
import { carveSubnetCidrs, cidrContains, formatCidr, isRfc1918, parseCidr } from "../../components/network/cidr";

describe("network: subnet carving", () => {
    it("cuts a /16 into /19 slots in address order", () => {
        assert.deepStrictEqual(carveSubnetCidrs("10.20.0.0/16", 2), ["10.20.0.0/19", "10.20.32.0/19"]);
        assert.deepStrictEqual(carveSubnetCidrs("10.20.0.0/16", 6), [
            "10.20.0.0/19",
            "10.20.32.0/19",
            "10.20.64.0/19",
            "10.20.96.0/19",
            "10.20.128.0/19",
            "10.20.160.0/19",
        ]);
    });

    it("keeps existing subnets where they are when AZs are added", () => {
        const two = carveSubnetCidrs("172.16.0.0/16", 2);
        const three = carveSubnetCidrs("172.16.0.0/16", 3);
        assert.deepStrictEqual(three.slice(0, 2), two);
        assert.strictEqual(three[2], "172.16.64.0/19");
    });

    it("carries into the next octet and handles addresses above 2^31", () => {
        // 192.168.4.0/22 → /25 slots of 128 addresses.
        assert.deepStrictEqual(carveSubnetCidrs("192.168.4.0/22", 4), ["192.168.4.0/25", "192.168.4.128/25", "192.168.5.0/25", "192.168.5.128/25"]);
    });

    it("uses a custom number of slot bits", () => {
        assert.deepStrictEqual(carveSubnetCidrs("10.0.0.0/16", 2, 1), ["10.0.0.0/17", "10.0.128.0/17"]);
    });

    it("refuses more subnets than slots, and subnets smaller than /28", () => {
        assert.throws(() => carveSubnetCidrs("10.20.0.0/16", 9), /cannot carve 9 subnets from 8 slots/);
        assert.throws(() => carveSubnetCidrs("10.20.0.0/26", 2), /smallest subnet is \/28/);
    });

    it("parses and formats CIDRs, rejecting malformed ones and host bits", () => {
        assert.deepStrictEqual(parseCidr("10.0.0.0/8"), { address: 10 * 2 ** 24, prefix: 8 });
        assert.strictEqual(formatCidr(192 * 2 ** 24 + 168 * 2 ** 16 + 255, 32), "192.168.0.255/32");
        assert.throws(() => parseCidr("10.0.0/8"), /not an IPv4 CIDR/);
        assert.throws(() => parseCidr("10.0.0.256/32"), /not an IPv4 CIDR/);
        assert.throws(() => parseCidr("10.0.0.0/33"), /not an IPv4 CIDR/);
        assert.throws(() => parseCidr("10.0.0.1/24"), /host bits set/);
    });

    it("recognises RFC 1918 ranges", () => {
        assert.strictEqual(isRfc1918("10.20.0.0/16"), true);
        assert.strictEqual(isRfc1918("172.31.0.0/16"), true);
        assert.strictEqual(isRfc1918("172.32.0.0/16"), false);
        assert.strictEqual(isRfc1918("192.168.10.0/24"), true);
        assert.strictEqual(isRfc1918("100.64.0.0/16"), false);
        assert.strictEqual(isRfc1918("8.0.0.0/16"), false);
        // A supernet of a private range is not inside it.
        assert.strictEqual(cidrContains("10.0.0.0/8", "10.0.0.0/7"), false);
    });
});
