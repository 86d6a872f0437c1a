package dev.vllmscan.launcher.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A cnspec policy bundle: policies with groups of check references, and the queries they reference. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Bundle(List<Policy> policies, List<Check> queries) {
  public Bundle {
    policies = policies == null ? List.of() : policies;
    queries = queries == null ? List.of() : queries;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Policy(String uid, String name, String version, String license, Map<String, String> tags,
      List<Map<String, String>> require, String summary, List<Group> groups,
      @JsonProperty("scoring_system") String scoringSystem) {
    public Policy {
      groups = groups == null ? List.of() : groups;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Group(String title, String filters, List<Ref> checks) {
    public Group {
      checks = checks == null ? List.of() : checks;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Ref(String uid) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Check(String uid, String title, Integer impact, String mql, Docs docs, List<Reference> refs,
      Map<String, Object> tags) {
    public int impactOrDefault() {
      return impact == null ? 50 : impact;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Docs(String desc, String audit, String remediation) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Reference(String url, String title) {}
}
