package dev.vllmscan.launcher.emulator;

/** Numeric comparison of dotted version strings (suffixes such as .post1 are ignored). */
final class Versions {
  private Versions() {}

  static int compare(String a, String b) {
    String[] x = a.split("[.]");
    String[] y = b.split("[.]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? num(x[i]) : 0;
      int q = i < y.length ? num(y[i]) : 0;
      if (p != q) return Integer.compare(p, q);
    }
    return 0;
  }

  private static int num(String s) {
    String digits = s.replaceAll("[^0-9].*$", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }
}
