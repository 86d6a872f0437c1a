package dev.vllmscan.launcher.mql;

/** A query that cannot be parsed or does not fit the schema; names the position in the source. */
public final class MqlException extends RuntimeException {
  private final int position;

  public MqlException(int position, String message) {
    super(message, null, false, false);
    this.position = position;
  }

  public int position() {
    return position;
  }

  /** "line:column: message" with a caret under the source line. */
  public String describe(String source) {
    int line = 1;
    int col = 1;
    int lineStart = 0;
    for (int i = 0; i < Math.min(position, source.length()); i++) {
      if (source.charAt(i) == '\n') {
        line++;
        col = 1;
        lineStart = i + 1;
      } else {
        col++;
      }
    }
    int lineEnd = source.indexOf('\n', lineStart);
    String text = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
    return line + ":" + col + ": " + getMessage() + "\n  " + text + "\n  " + " ".repeat(Math.max(0, col - 1)) + "^";
  }
}
