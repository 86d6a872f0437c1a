package dev.vllmscan.launcher.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The routes a profile registers, from {@code emulator/routes.tsv}: path → allowed methods. */
final class RouteTable {
  private RouteTable() {}

  static Map<String, List<String>> forProfile(Profile p) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        RouteTable.class.getResourceAsStream("/emulator/routes.tsv"), StandardCharsets.UTF_8))) {
      String line;
      boolean header = true;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) continue;
        if (header) {
          header = false;
          continue;
        }
        String[] c = line.split("\t");
        if (p.compareVersion(c[2]) < 0) continue;
        if (!c[3].equals("-") && p.compareVersion(c[3]) > 0) continue;
        if (registered(p, c[4])) out.put(c[0], new ArrayList<>(List.of(c[1].split(","))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static boolean registered(Profile p, String condition) {
    boolean conditional = p.compareVersion("0.16.0") >= 0;
    return switch (condition) {
      case "always" -> true;
      case "docs" -> p.docsOn();
      case "generate" -> !conditional || p.tasks().contains("generate");
      case "embed" -> !conditional || p.tasks().contains("embed");
      case "score" -> !conditional || p.tasks().contains("score");
      case "classify" -> !conditional || p.tasks().contains("classify");
      case "transcription" -> !conditional || p.tasks().contains("transcription");
      case "dev" -> p.on(p.devMode());
      case "profiler" -> p.on(p.profiler());
      case "lora" -> p.on(p.runtimeLora());
      case "tokenizer-info" -> p.on(p.tokenizerInfo());
      case "rlhf", "weights" -> conditional ? p.on(p.devMode()) : p.compareVersion("0.12.0") >= 0;
      default -> false;
    };
  }
}
