package dev.vllmscan.launcher.emulator;

/** Numeric comparison of dotted version strings (suffixes such as .post1 are ignored). */
final class Versions {
  private Versions() {}

  static int compare(String a, String b) {
    // "\\." takes String.split's fast path (no regex compiled): profiles compare versions on every request.
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? num(x[i]) : 0;
      int q = i < y.length ? num(y[i]) : 0;
      if (p != q) return Integer.compare(p, q);
    }
    return 0;
  }

  /** The leading digits of a part ("1rc2" is 1, "post1" is 0). */
  private static int num(String s) {
    int end = 0;
    while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') end++;
    return end == 0 ? 0 : Integer.parseInt(s, 0, end, 10);
  }
}
