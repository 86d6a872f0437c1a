package dev.vllmscan.launcher.shell;

import dev.vllmscan.schema.Schema;

/** The built schema, for tests in other packages. */
public final class MqlCompleterTestAccess {
  private MqlCompleterTestAccess() {}

  public static Schema schema() {
    return MqlCompleterTest.SCHEMA;
  }
}
