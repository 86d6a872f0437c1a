package dev.vllmscan.launcher.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * cnspec's persistent flags ({@code --log-level L}, {@code -v}) may stand before the subcommand
 * ({@code vllmscan --log-level debug scan vllm URL}). They are moved behind the subcommand name, where the commands
 * that talk to a provider declare them; the other commands have nothing to log, so there they are dropped.
 */
final class GlobalFlags {
  private static final Set<String> TAKES_THEM = Set.of("scan", "shell", "run", "demo", "bench");

  private GlobalFlags() {}

  static String[] hoist(String[] args) {
    List<String> global = new ArrayList<>();
    int i = 0;
    while (i < args.length) {
      String a = args[i];
      if (a.equals("-v") || a.equals("--verbose") || a.startsWith("--log-level=")) {
        global.add(a);
        i++;
      } else if (a.equals("--log-level") && i + 1 < args.length) {
        global.add(a);
        global.add(args[i + 1]);
        i += 2;
      } else {
        break;
      }
    }
    if (global.isEmpty() || i >= args.length) return args;
    List<String> out = new ArrayList<>();
    out.add(args[i]);
    if (TAKES_THEM.contains(args[i])) out.addAll(global);
    for (int j = i + 1; j < args.length; j++) out.add(args[j]);
    return out.toArray(String[]::new);
  }
}
