import { createServer, type Server } from "node:net";
import { describe, expect, it } from "vitest";
import { bindablePort, bindError, externalAddresses, hostUrl, reachableHosts, type Interfaces } from "./bind";

const iface = (address: string, family: "IPv4" | "IPv6", internal = false) => ({
  address,
  family,
  internal,
  netmask: "",
  mac: "00:00:00:00:00:00",
  cidr: null,
  ...(family === "IPv6" ? { scopeid: 0 } : {}),
});

const machine = {
  lo: [iface("127.0.0.1", "IPv4", true), iface("::1", "IPv6", true)],
  eth0: [iface("192.0.2.2", "IPv4"), iface("fd00::2", "IPv6"), iface("fe80::1", "IPv6")],
  wlan0: [iface("198.51.100.7", "IPv4")],
} as Interfaces;

describe("reachableHosts", () => {
  it("names the machine's own addresses for a wildcard bind, IPv4 first, no loopback or link-local", () => {
    expect(reachableHosts("0.0.0.0", machine)).toEqual(["192.0.2.2", "198.51.100.7"]);
    expect(reachableHosts("::", machine)).toEqual(["192.0.2.2", "198.51.100.7", "fd00::2"]);
    expect(reachableHosts("[::]", machine)).toEqual(["192.0.2.2", "198.51.100.7", "fd00::2"]);
  });
  it("keeps a specific address as given, and the wildcard when the machine has nothing else", () => {
    expect(reachableHosts("192.0.2.2", machine)).toEqual(["192.0.2.2"]);
    expect(reachableHosts("0.0.0.0", { lo: machine.lo })).toEqual(["0.0.0.0"]);
    expect(externalAddresses({ lo: machine.lo })).toEqual([]);
  });
  it("brackets IPv6 literals in URLs", () => {
    expect(hostUrl("fd00::2", 80)).toBe("http://[fd00::2]:80");
    expect(hostUrl("[::1]", 80)).toBe("http://[::1]:80");
    expect(hostUrl("192.0.2.2", 3000)).toBe("http://192.0.2.2:3000");
  });
});

describe("bindError", () => {
  it("turns each bind failure into one line with the cause and the fix", () => {
    const msg = (code: string) => bindError({ code }, "203.0.113.9", 3000, machine)?.message;
    expect(msg("EADDRNOTAVAIL")).toBe(
      "--host 203.0.113.9 is not an address of this machine: use one of 127.0.0.1, 192.0.2.2, 198.51.100.7, fd00::2, or 0.0.0.0 for all of them",
    );
    expect(msg("EADDRINUSE")).toBe(
      "http://203.0.113.9:3000 is already in use by another program: pick another --port (--port 0 takes any free one)",
    );
    expect(msg("EACCES")).toMatch(/^binding port 3000 needs privileges .*: use --port 1024 or above$/);
    expect(msg("ENOTFOUND")).toMatch(/does not resolve .*: give one of 127\.0\.0\.1/);
    for (const code of ["EADDRNOTAVAIL", "EADDRINUSE", "EACCES", "ENOTFOUND", "EAFNOSUPPORT"]) expect(msg(code)).not.toContain("\n");
    expect(bindError(new Error("other"), "h", 1, machine)).toBeUndefined();
  });
});

describe("bindablePort", () => {
  it("returns a free port for 0 and refuses a taken one with the fix", async () => {
    const port = await bindablePort("127.0.0.1", 0);
    expect(port).toBeGreaterThan(0);
    const taken: Server = await new Promise((ok) => {
      const s = createServer().listen(port, "127.0.0.1", () => ok(s));
    });
    try {
      await expect(bindablePort("127.0.0.1", port)).rejects.toThrow(/already in use by another program: pick another --port/);
    } finally {
      await new Promise((ok) => taken.close(ok));
    }
  });
  it("refuses an address that is not this machine's", async () => {
    // TEST-NET-3 (RFC 5737): never configured on a real interface.
    await expect(bindablePort("203.0.113.77", 0)).rejects.toThrow(
      /--host 203\.0\.113\.77 is not an address of this machine: use one of 127\.0\.0\.1/,
    );
  });
});
