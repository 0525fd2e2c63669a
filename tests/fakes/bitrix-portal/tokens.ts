/**
 * Access and refresh tokens shared by the portals and the OAuth server.
 * Access tokens are per user (docs/bitrix24-protocol.md §5: the frame token is the viewing user's,
 * the stored install tokens are the installing admin's). Refresh tokens rotate: single use (§5 "OAuth refresh").
 */
import { randomBytes } from "node:crypto";
import type { IssuedTokens } from "./types";

export interface TokenOwner {
  memberId: string;
}

export interface AccessRecord<P extends TokenOwner> {
  portal: P;
  userId: number;
  expiresAtMs: number;
}

export interface RefreshRecord<P extends TokenOwner> {
  portal: P;
  userId: number;
  used: boolean;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

export class TokenStore<P extends TokenOwner> {
  readonly access = new Map<string, AccessRecord<P>>();
  readonly refresh = new Map<string, RefreshRecord<P>>();
  private readonly refreshCounts = new Map<P, number>();

  constructor(private readonly ttlSec: () => number) {}

  issue(portal: P, userId: number): IssuedTokens {
    const ttl = this.ttlSec();
    const accessToken = randomHex(35);
    const refreshToken = randomHex(35);
    const expiresAtMs = Date.now() + ttl * 1000;
    this.access.set(accessToken, { portal, userId, expiresAtMs });
    this.refresh.set(refreshToken, { portal, userId, used: false });
    return { accessToken, refreshToken, expiresIn: ttl, expires: Math.floor(expiresAtMs / 1000) };
  }

  /** Every access token of this portal issued so far now answers `expired_token`. */
  expireAll(portal: P): void {
    for (const rec of this.access.values()) if (rec.portal === portal) rec.expiresAtMs = 0;
  }

  /** Marks the refresh token used (atomically, before any delay) and returns its owner, or undefined. */
  consumeRefresh(token: string): RefreshRecord<P> | undefined {
    const rec = this.refresh.get(token);
    if (!rec || rec.used) return undefined;
    rec.used = true;
    return rec;
  }

  countRefresh(portal: P): void {
    this.refreshCounts.set(portal, (this.refreshCounts.get(portal) ?? 0) + 1);
  }

  refreshCount(portal?: P): number {
    if (portal) return this.refreshCounts.get(portal) ?? 0;
    let sum = 0;
    for (const n of this.refreshCounts.values()) sum += n;
    return sum;
  }
}
