// Types for deb-publisher.mjs, which stays JavaScript so `npm run package` runs it without a compiler.
export declare const MAINTAINER_VARIABLE: 'ASC_VAULT_MAINTAINER';
export declare const HOMEPAGE_VARIABLE: 'ASC_VAULT_HOMEPAGE';
export declare const MISSING_PUBLISHER: string;
export declare function debPublisherArguments(env: Record<string, string | undefined>): { args: string[] } | { problem: string };
export declare function buildsDebPackage(args: readonly string[], hostPlatform: string): boolean;
