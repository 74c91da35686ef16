import { describe, expect, it } from "vitest";
import { imageID, isPullable, parseImage, pullErrorMessage, pullPolicy, userland } from "./images";

describe("images", () => {
  it("normalises names the way containerd reports them", () => {
    expect(parseImage("busybox:1.36").full).toBe("docker.io/library/busybox:1.36");
    expect(parseImage("nginx").full).toBe("docker.io/library/nginx:latest");
    expect(parseImage("bitnami/redis:7").full).toBe("docker.io/bitnami/redis:7");
    expect(parseImage("localhost:5000/model:v2")).toMatchObject({ host: "localhost:5000", repository: "model", tag: "v2" });
    expect(parseImage("ghcr.io/org/app@sha256:abc")).toMatchObject({
      host: "ghcr.io",
      repository: "org/app",
      tag: undefined,
      digest: "sha256:abc",
    });
  });

  it("refuses only registry hosts under .invalid", () => {
    expect(isPullable(parseImage("registry.invalid/model:v3"))).toBe(false);
    expect(isPullable(parseImage("registry.mlplatform.invalid:5000/summarizer:v2"))).toBe(false);
    expect(isPullable(parseImage("invalid/model:v3"))).toBe(true); // a Docker Hub user called "invalid"
    expect(isPullable(parseImage("busybox:1.36"))).toBe(true);
  });

  it("explains a failed pull like containerd", () => {
    const ref = parseImage("registry.invalid/model:v3");
    expect(pullErrorMessage("registry.invalid/model:v3", ref)).toBe(
      'rpc error: code = Unknown desc = failed to pull and unpack image "registry.invalid/model:v3": failed to resolve reference "registry.invalid/model:v3": ' +
        'failed to do request: Head "https://registry.invalid/v2/model/manifests/v3": dial tcp: lookup registry.invalid: no such host',
    );
  });

  it("defaults the pull policy, derives a stable imageID and the image's userland", () => {
    expect(pullPolicy(undefined, parseImage("nginx"))).toBe("Always");
    expect(pullPolicy(undefined, parseImage("nginx:1.27"))).toBe("IfNotPresent");
    expect(pullPolicy("Never", parseImage("nginx"))).toBe("Never");
    expect(imageID(parseImage("busybox:1.36"))).toMatch(/^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
    expect(imageID(parseImage("busybox:1.36"))).toBe(imageID(parseImage("docker.io/library/busybox:1.36")));
    expect([userland(parseImage("busybox:1.36")), userland(parseImage("alpine:3.20")), userland(parseImage("python:3.12"))]).toEqual([
      "busybox",
      "busybox",
      "gnu",
    ]);
  });
});
