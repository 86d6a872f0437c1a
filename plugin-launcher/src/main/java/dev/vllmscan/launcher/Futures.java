package dev.vllmscan.launcher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting on the launcher's own futures (a provider starting, an evaluation, a check) as if the work ran inline. */
public final class Futures {
  private Futures() {}

  /** The result; a failure is thrown as the exception or error the work itself threw, not wrapped. */
  public static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error err) throw err;
      throw e;
    }
  }
}
