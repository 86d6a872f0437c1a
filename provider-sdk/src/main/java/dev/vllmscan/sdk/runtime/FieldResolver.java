package dev.vllmscan.sdk.runtime;

/**
 * A resource's computed fields, bound to code at compile time: a provider generates one interface per resource
 * from its {@code .lr} (one typed method per field, and this dispatch), and its resource definition implements it.
 */
public interface FieldResolver<C> {
  /** The value of the computed field {@code field} (null when not set or not applicable). */
  Object resolveField(C connection, ResourceInstance self, String field);

  /** A field the resource does not compute (a static field that was never set). */
  static FieldError notImplemented(String resource, String field) {
    return new FieldError("field '" + field + "' of " + resource + " is not implemented yet");
  }
}
