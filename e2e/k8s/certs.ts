import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";

/** Files the control plane needs, all inside one directory. */
export interface ClusterPki {
  caCert: string;
  servingCert: string;
  servingKey: string;
  saKey: string;
  saPub: string;
  tokenFile: string;
  adminToken: string;
}

const SERVING_SANS = [
  "IP:127.0.0.1",
  "IP:10.96.0.1",
  "DNS:localhost",
  "DNS:kubernetes",
  "DNS:kubernetes.default",
  "DNS:kubernetes.default.svc",
  "DNS:kubernetes.default.svc.cluster.local",
];

function openssl(args: string[], cwd: string): void {
  // node:crypto can make keys but not X.509 certificates, so the certificates come from openssl.
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** CA, an apiserver serving cert, a service-account key pair and a static admin token (system:masters). */
export function makePki(dir: string): ClusterPki {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "ca.key",
      "-out",
      "ca.crt",
      "-days",
      "30",
      "-subj",
      "/CN=rollscope-e2e-ca",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  openssl(["req", "-new", ...ec, "-keyout", "apiserver.key", "-out", "apiserver.csr", "-subj", "/CN=kube-apiserver"], dir);
  writeFileSync(
    path.join(dir, "apiserver.ext"),
    [
      `subjectAltName=${SERVING_SANS.join(",")}`,
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      "",
    ].join("\n"),
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "apiserver.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "30",
      "-extfile",
      "apiserver.ext",
      "-out",
      "apiserver.crt",
    ],
    dir,
  );

  const sa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(path.join(dir, "sa.key"), sa.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  writeFileSync(path.join(dir, "sa.pub"), sa.publicKey.export({ type: "spki", format: "pem" }));

  const adminToken = randomBytes(24).toString("hex");
  // token,user,uid,"group1,group2"
  writeFileSync(path.join(dir, "tokens.csv"), `${adminToken},admin,admin-uid,"system:masters"\n`, { mode: 0o600 });

  return {
    caCert: path.join(dir, "ca.crt"),
    servingCert: path.join(dir, "apiserver.crt"),
    servingKey: path.join(dir, "apiserver.key"),
    saKey: path.join(dir, "sa.key"),
    saPub: path.join(dir, "sa.pub"),
    tokenFile: path.join(dir, "tokens.csv"),
    adminToken,
  };
}

/** A kubeconfig with one cluster, one token user and one current context. */
export function kubeconfigYaml(server: string, caCert: string, token: string, name = "rollscope-real"): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${name}`,
    "  cluster:",
    `    server: ${server}`,
    `    certificate-authority: ${caCert}`,
    "users:",
    "- name: admin",
    "  user:",
    `    token: ${token}`,
    "contexts:",
    `- name: ${name}`,
    "  context:",
    `    cluster: ${name}`,
    "    user: admin",
    "    namespace: default",
    `current-context: ${name}`,
    "",
  ].join("\n");
}
