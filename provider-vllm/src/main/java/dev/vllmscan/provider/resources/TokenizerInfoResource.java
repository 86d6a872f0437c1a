package dev.vllmscan.provider.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.parse.Json;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.provider.verdict.Rollups;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.connection.VllmConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** {@code vllm.tokenizerInfo}: decoded per field, tolerantly; list-form chat templates are understood. */
public final class TokenizerInfoResource extends ResourceDefinition<VllmConnection> {
  private static final String PATH = "/tokenizer_info";

  public TokenizerInfoResource() {
    super("vllm.tokenizerInfo");
    field("exposed", (c, s) -> {
      c.posture().requireAssessable();
      return Rollups.exposed(c.posture().routes(), "tokenizer-info").require();
    });
    field("contentIdentity", (c, s) -> document(c) == null ? null : c.posture().content(PATH).identity());
    doc("tokenizerClass", n -> Json.string(n.get("tokenizer_class")));
    doc("chatTemplate", TokenizerInfoResource::template);
    doc("chatTemplates", TokenizerInfoResource::templates);
    doc("chatTemplateConfigured", n -> template(n) != null);
    doc("chatTemplateSha256", n -> {
      String t = template(n);
      return t == null ? null : sha256(t);
    });
    doc("maxLength", n -> Json.integer(n.get("model_max_length")));
    doc("addBosToken", n -> Json.bool(n.get("add_bos_token")));
    doc("addEosToken", n -> Json.bool(n.get("add_eos_token")));
    doc("bosToken", n -> token(n.get("bos_token")));
    doc("eosToken", n -> token(n.get("eos_token")));
    doc("padToken", n -> token(n.get("pad_token")));
    doc("unkToken", n -> token(n.get("unk_token")));
    doc("cleanUpTokenizationSpaces", n -> Json.bool(n.get("clean_up_tokenization_spaces")));
  }

  private static JsonNode document(VllmConnection c) {
    return c.posture().content(PATH).document();
  }

  private void doc(String name, Function<JsonNode, Object> f) {
    field(name, (c, s) -> {
      JsonNode d = document(c);
      return d == null ? null : f.apply(d);
    });
  }

  static String template(JsonNode n) {
    JsonNode t = n.get("chat_template");
    if (t == null) return null;
    if (t.isTextual()) return t.asText().isEmpty() ? null : t.asText();
    Map<String, String> named = templates(n);
    return named == null ? null : named.get("default");
  }

  static Map<String, String> templates(JsonNode n) {
    JsonNode t = n.get("chat_template");
    if (t == null || !t.isArray()) return null;
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode e : t) {
      String name = Json.string(e.get("name"));
      String template = Json.string(e.get("template"));
      if (name != null && template != null) out.put(name, template);
    }
    return out;
  }

  private static String token(JsonNode n) {
    if (n == null) return null;
    if (n.isTextual()) return Json.string(n);
    return Json.string(n.get("content"));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    String id = c.baseUrl() + "/tokenizer_info";
    return c.cache().getOrCreate(name(), id, () -> new ResourceInstance(name(), id));
  }
}
