package dev.vllmscan.provider.resources;

import java.util.List;
import dev.vllmscan.provider.lr.VllmTokenizerInfoFields;
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
public final class TokenizerInfoResource extends ResourceDefinition<VllmConnection> implements VllmTokenizerInfoFields<VllmConnection> {
  private static final String PATH = "/tokenizer_info";

  public TokenizerInfoResource() {
    super("vllm.tokenizerInfo");
  }

  private static JsonNode document(VllmConnection c) {
    return c.posture().content(PATH).document();
  }

  private static <T> T doc(VllmConnection c, ResourceInstance s, Function<JsonNode, T> f) {
    JsonNode d = document(c);
    return d == null ? null : f.apply(d);
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
    return c.cache().getOrCreate(name(), id, () -> VllmTokenizerInfoFields.instance(id));
  }

  @Override
  public Boolean exposed(VllmConnection c, ResourceInstance s) {
    c.posture().requireAssessable();
    return Rollups.exposed(c.posture().routes(), "tokenizer-info").require();
  }

  @Override
  public String contentIdentity(VllmConnection c, ResourceInstance s) {
    return document(c) == null ? null : c.posture().content(PATH).identity();
  }

  @Override
  public String tokenizerClass(VllmConnection c, ResourceInstance s) {
    return doc(c, s, n -> Json.string(n.get("tokenizer_class")));
  }

  @Override
  public String chatTemplate(VllmConnection c, ResourceInstance s) {
    return doc(c, s, TokenizerInfoResource::template);
  }

  @Override
  public Map<String, String> chatTemplates(VllmConnection c, ResourceInstance s) {
    return (Map<String, String>) doc(c, s, TokenizerInfoResource::templates);
  }

  @Override
  public Boolean chatTemplateConfigured(VllmConnection c, ResourceInstance s) {
    return doc(c, s, n -> template(n) != null);
  }

  @Override
  public String chatTemplateSha256(VllmConnection c, ResourceInstance s) {
    return doc(c, s, n -> {
      String t = template(n);
      return t == null ? null : sha256(t);
    });
  }

  @Override
  public Number maxLength(VllmConnection c, ResourceInstance s) {
    return doc(c, s, n -> Json.integer(n.get("model_max_length")));
  }

  @Override
  public Boolean addBosToken(VllmConnection c, ResourceInstance s) {
    return doc(c, s, n -> Json.bool(n.get("add_bos_token")));
  }

  @Override
  public Boolean addEosToken(VllmConnection c, ResourceInstance s) {
    return doc(c, s, n -> Json.bool(n.get("add_eos_token")));
  }

  @Override
  public String bosToken(VllmConnection c, ResourceInstance s) {
    return doc(c, s, n -> token(n.get("bos_token")));
  }

  @Override
  public String eosToken(VllmConnection c, ResourceInstance s) {
    return doc(c, s, n -> token(n.get("eos_token")));
  }

  @Override
  public String padToken(VllmConnection c, ResourceInstance s) {
    return doc(c, s, n -> token(n.get("pad_token")));
  }

  @Override
  public String unkToken(VllmConnection c, ResourceInstance s) {
    return doc(c, s, n -> token(n.get("unk_token")));
  }

  @Override
  public Boolean cleanUpTokenizationSpaces(VllmConnection c, ResourceInstance s) {
    return doc(c, s, n -> Json.bool(n.get("clean_up_tokenization_spaces")));
  }
}
