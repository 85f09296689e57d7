import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Workspace packages are consumed as TypeScript source.
  transpilePackages: ["@switchyard/schemas"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
