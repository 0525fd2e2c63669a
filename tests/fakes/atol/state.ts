/** Mutable state of the fake ATOL Online v5 server: accounts, issued tokens, request log, clock. */
import { randomBytes } from "node:crypto";
import { atolTimestamp } from "./time";

export interface AtolAccount {
  login: string;
  pass: string;
  groupCodes: string[];
  blocked?: boolean;
}

export interface AtolRequestLogEntry {
  method: string;
  /** Path under the server root, e.g. '/possystem/v5/getToken'. */
  path: string;
  query: string;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  rawBody: string;
  contentType: string;
  token: string | undefined;
}

export interface AtolTokenRecord {
  login: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

/** Public ATOL v5 sandbox credentials (cloud-cashbox-providers.md §1.8). */
export const ATOL_TEST_ACCOUNT: AtolAccount = {
  login: "v5-online-atol-ru",
  pass: "zUr0OxfI",
  groupCodes: ["v5-online-atol-ru_5179"],
};

/** Token lifetime: 24 h from issue (§1.1). */
export const ATOL_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export class AtolState {
  readonly tokens = new Map<string, AtolTokenRecord>();
  readonly requests: AtolRequestLogEntry[] = [];
  tokensIssued = 0;

  constructor(
    readonly accounts: AtolAccount[],
    public clockShiftMs: number,
  ) {}

  nowMs(): number {
    return Date.now() + this.clockShiftMs;
  }

  timestamp(): string {
    return atolTimestamp(this.nowMs());
  }

  findAccount(login: string): AtolAccount | undefined {
    return this.accounts.find((a) => a.login === login);
  }

  issueToken(login: string): string {
    const token = randomBytes(32).toString("hex");
    const now = this.nowMs();
    this.tokens.set(token, { login, issuedAtMs: now, expiresAtMs: now + ATOL_TOKEN_TTL_MS });
    this.tokensIssued += 1;
    return token;
  }

  /** The account behind a live token, 'expired', or undefined when unknown. */
  lookupToken(token: string | undefined): AtolAccount | "expired" | undefined {
    if (!token) return undefined;
    const rec = this.tokens.get(token);
    if (!rec) return undefined;
    if (rec.expiresAtMs <= this.nowMs()) return "expired";
    return this.findAccount(rec.login);
  }

  expireTokens(): void {
    for (const rec of this.tokens.values()) rec.expiresAtMs = 0;
  }
}
