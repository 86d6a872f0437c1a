package dev.vllmscan.schema;

import java.util.List;

/** One field of a resource, as {@code resources.json} describes it. {@code type} is an llx type string. */
public record Field(
    String name,
    String type,
    boolean mandatory,
    List<String> refs,
    String title,
    String desc,
    boolean implicitResource,
    String provider) {

  public Field {
    refs = refs == null ? List.of() : List.copyOf(refs);
  }
}
