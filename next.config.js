/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The Kubernetes client and the lab cluster run in the server process, never bundled.
  serverExternalPackages: ["@kubernetes/client-node"],
};
export default nextConfig;
