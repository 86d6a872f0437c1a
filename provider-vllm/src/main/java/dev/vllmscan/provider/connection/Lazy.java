package dev.vllmscan.provider.connection;

import java.util.function.Supplier;

/** Computed once, on first use, by whichever thread asks first. */
final class Lazy<T> implements Supplier<T> {
  private Supplier<T> compute;
  private volatile boolean done;
  private T value;

  Lazy(Supplier<T> compute) {
    this.compute = compute;
  }

  @Override
  public T get() {
    if (!done) {
      synchronized (this) {
        if (!done) {
          value = compute.get();
          done = true;
          compute = null;
        }
      }
    }
    return value;
  }
}
