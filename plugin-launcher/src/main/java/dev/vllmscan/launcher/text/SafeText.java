package dev.vllmscan.launcher.text;

/**
 * Neutralises text that came from a target (or any untrusted input) before it reaches a terminal or a log line:
 * control characters (C0, DEL, C1), bidirectional overrides and line separators are shown escaped, newlines
 * inside a value as {@code \n}, and the length is capped. A target can then neither clear the screen, retitle
 * the terminal, hide text nor forge report lines. Machine formats (JSON, XML) escape on their own and are not
 * passed through here.
 */
public final class SafeText {
  /** Longest value shown on a terminal; the rest is counted, not printed. */
  public static final int MAX_LENGTH = 500;

  private SafeText() {}

  public static String of(Object value) {
    return of(value == null ? null : String.valueOf(value), MAX_LENGTH);
  }

  public static String of(String s, int maxLength) {
    if (s == null) return "null";
    StringBuilder sb = new StringBuilder(Math.min(s.length(), maxLength) + 16);
    int i = 0;
    int shown = 0;
    while (i < s.length() && shown < maxLength) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      shown++;
      switch (cp) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (unsafe(cp)) sb.append(String.format("\\u%04x", cp));
          else sb.appendCodePoint(cp);
        }
      }
    }
    if (i < s.length()) sb.append("…(").append(s.length() - i).append(" more characters)");
    return sb.toString();
  }

  static boolean unsafe(int cp) {
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)
        || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)
        || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff;
  }
}
