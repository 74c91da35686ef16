/**
 * A self-signed serving certificate for the lab API server on 127.0.0.1, made in process (no
 * openssl binary). Needed as soon as the lab authenticates: kubectl (client-go) only sends
 * credentials over TLS and silently drops tokens for an http:// server.
 *
 * node:crypto makes keys and signatures but not certificates, so the few DER structures of one
 * X.509 v3 certificate are written here (RFC 5280): ECDSA P-256 with SHA-256, subject = issuer =
 * CN=rollscope-lab, SANs IP:127.0.0.1 and DNS:localhost. Validity is wall-clock time (clients
 * check it against theirs), not the lab's possibly faster clock.
 */
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";

export interface ServingCert {
  /** PEM; also the CA clients trust (it signs itself). */
  cert: string;
  /** PEM, PKCS#8. */
  key: string;
}

function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const oid = (hex: string) => tlv(0x06, Buffer.from(hex, "hex"));
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), b);

function utcTime(ms: number): Buffer {
  // UTCTime (YYMMDDHHMMSSZ) is the required encoding for years before 2050.
  const iso = new Date(ms).toISOString();
  return tlv(0x17, Buffer.from(iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + "Z"));
}

const OID = {
  ecdsaWithSha256: "2a8648ce3d040302",
  commonName: "550403",
  subjectAltName: "551d11",
  basicConstraints: "551d13",
  keyUsage: "551d0f",
  extKeyUsage: "551d25",
  serverAuth: "2b06010505070301",
};

const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), octets(value));

/** A fresh key and certificate, valid from an hour ago (clock skew) for ten years. */
export function selfSignedCert(now = Date.now()): ServingCert {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const name = seq(tlv(0x31, seq(oid(OID.commonName), tlv(0x0c, Buffer.from("rollscope-lab")))));
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive, no leading zero byte
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const sans = seq(tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x82, Buffer.from("localhost")));
  const extensions = tlv(
    0xa3,
    seq(
      extension(OID.subjectAltName, false, sans),
      extension(OID.basicConstraints, true, seq(tlv(0x01, Buffer.from([0xff])))),
      // digitalSignature (bit 0) and keyCertSign (bit 5): 0b10000100, the last 2 bits unused.
      extension(OID.keyUsage, true, bits(Buffer.from([0x84]), 2)),
      extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
    ),
  );
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // v3
    tlv(0x02, serial),
    algorithm,
    name,
    seq(utcTime(now - 3_600_000), utcTime(now + 10 * 365 * 86_400_000)),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    extensions,
  );
  const der = seq(tbs, algorithm, bits(sign("sha256", tbs, privateKey)));
  const b64 = der.toString("base64").replace(/.{64}/g, "$&\n");
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${b64.replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}
