package dev.vllmscan.provider.verdict;

/** What one answer says about a route, before calibration. */
public enum AccessClass {
  /** The request got past every auth layer to the route (2xx, validation errors, a matched 405, a handler's 404). */
  REACHED,
  /** An auth layer rejected it: 401/403/407, WWW-Authenticate, SSO redirect, HTML login page. */
  AUTH,
  /** vLLM's handler said the feature is switched off (403 in vLLM's envelope): present, not reachable, not auth. */
  DISABLED,
  /** The router said the route is not there (404, 501). */
  ABSENT,
  /** An answer that settles nothing: 5xx, 408, 429, a same-origin redirect, an unmatched 405. */
  UNKNOWN,
  /** No HTTP answer at all. */
  NO_ANSWER
}
