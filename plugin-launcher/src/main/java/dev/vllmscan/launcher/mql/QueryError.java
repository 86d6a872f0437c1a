package dev.vllmscan.launcher.mql;

/** An evaluation error (a provider field error, a null list given to all/none): the check ends in error. */
public final class QueryError extends RuntimeException {
  public QueryError(String message) {
    super(message, null, false, false);
  }
}
