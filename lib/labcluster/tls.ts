/**
 * A self-signed serving certificate for the lab API server on 127.0.0.1, made in process (no
 * openssl binary) with @peculiar/x509 over node:crypto's WebCrypto. Needed as soon as the lab
 * authenticates: kubectl (client-go) only sends credentials over TLS and silently drops tokens
 * for an http:// server. ECDSA P-256 / SHA-256, CN=rollscope-lab, SANs IP:127.0.0.1 and
 * DNS:localhost. Validity is wall-clock time (clients check it against theirs), not the lab's
 * possibly faster clock.
 */
import { randomBytes, webcrypto } from "node:crypto";
// @peculiar/x509 resolves its ASN.1 providers through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

export interface ServingCert {
  /** PEM; also the CA clients trust (it signs itself). */
  cert: string;
  /** PEM, PKCS#8. */
  key: string;
}

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

/** A fresh key and certificate, valid from an hour ago (clock skew) for ten years. */
export async function selfSignedCert(now = Date.now()): Promise<ServingCert> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive, no leading zero byte
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString("hex"),
    name: "CN=rollscope-lab",
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 10 * 365 * 86_400_000),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: "ip", value: "127.0.0.1" },
        { type: "dns", value: "localhost" },
      ]),
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  return {
    cert: cert.toString("pem") + "\n",
    key: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, "$&\n").replace(/\n$/, "")}\n-----END PRIVATE KEY-----\n`,
  };
}
