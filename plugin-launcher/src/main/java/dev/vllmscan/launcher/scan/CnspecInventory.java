package dev.vllmscan.launcher.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * cnspec's inventory ({@code apiVersion: v1, kind: Inventory, spec.assets[].connections[]}), so a cnspec user's file
 * works unchanged: each connection of type {@code vllm} is a target. The URL is option {@code base-url}, else built
 * from host, port and path; options {@code timeout} and {@code insecure} apply per asset. Keys come only from
 * environment variables ({@code credentials[].env}); a password written in the file is refused.
 */
final class CnspecInventory {
  private CnspecInventory() {}

  static Inventory read(JsonNode tree, Path file) {
    List<Inventory.Target> out = new ArrayList<>();
    int index = 0;
    for (JsonNode asset : tree.path("spec").path("assets")) {
      index++;
      Map<String, String> labels = new LinkedHashMap<>();
      asset.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      if (asset.hasNonNull("name")) labels.put("asset-name", asset.get("name").asText());
      for (JsonNode c : asset.path("connections")) {
        if (!"vllm".equals(c.path("type").asText())) continue;
        JsonNode options = c.path("options");
        String url = options.hasNonNull("base-url") ? options.get("base-url").asText() : assemble(c, file, index);
        String keyEnv = null;
        for (JsonNode cred : c.path("credentials")) {
          if (cred.hasNonNull("password") || cred.hasNonNull("secret")) {
            throw new IllegalArgumentException("inventory " + file + ": asset " + index + " has a key written in the file;"
                + " name an environment variable instead (credentials: [{type: password, env: VLLM_KEY_A}])");
          }
          if (cred.hasNonNull("env")) keyEnv = cred.get("env").asText();
        }
        Integer timeout = options.hasNonNull("timeout") ? Integer.valueOf(options.get("timeout").asText().trim()) : null;
        Boolean insecure = options.hasNonNull("insecure") ? Boolean.valueOf(options.get("insecure").asText().trim())
            : c.hasNonNull("insecure") ? c.get("insecure").asBoolean() : null;
        String sidePorts = options.hasNonNull("side-ports") ? options.get("side-ports").asText() : null;
        Boolean noSidePorts = options.hasNonNull("no-side-ports") ? Boolean.valueOf(options.get("no-side-ports").asText().trim()) : null;
        Inventory.checkSidePorts(file, index, sidePorts);
        out.add(new Inventory.Target(url, keyEnv, labels, timeout, insecure, sidePorts, noSidePorts));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("inventory " + file + " has no connection of type vllm under spec.assets[].connections[]");
    }
    return new Inventory(out);
  }

  private static String assemble(JsonNode c, Path file, int index) {
    String host = c.path("host").asText("");
    if (host.isBlank()) {
      throw new IllegalArgumentException("inventory " + file + ": asset " + index + " needs options.base-url or a host");
    }
    String scheme = c.path("runtime").asText("").equals("https") || c.path("options").path("scheme").asText("").equals("https")
        ? "https" : "http";
    String port = c.hasNonNull("port") && c.get("port").asInt() > 0 ? ":" + c.get("port").asInt() : "";
    String path = c.path("path").asText("");
    return scheme + "://" + host + port + path;
  }
}
