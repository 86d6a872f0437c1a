package dev.vllmscan.sdk.runtime;

/** A computed or stored field: a value (possibly null) or an error message. */
public record FieldResult(Object value, String error) {
  public static FieldResult of(Object value) {
    return new FieldResult(value, null);
  }

  public static FieldResult failed(String error) {
    return new FieldResult(null, error);
  }
}
