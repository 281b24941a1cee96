// node-app-store-connect-api ships no types; only what the contract tests call is declared.
declare module 'node-app-store-connect-api' {
  export interface AppStoreConnectApiOptions {
    issuerId: string;
    apiKey: string;
    privateKey: string;
    fetch?: (url: string, options: { headers: Record<string, string> }) => Promise<Response>;
    automaticRetries?: number;
  }
  export interface AppStoreConnectApi {
    fetch(url: string, options?: Record<string, unknown>): Promise<Response>;
  }
  export function api(options: AppStoreConnectApiOptions): Promise<AppStoreConnectApi>;
}
