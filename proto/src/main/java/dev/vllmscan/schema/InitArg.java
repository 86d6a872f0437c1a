package dev.vllmscan.schema;

/** One argument of a resource's {@code init(...)}. */
public record InitArg(String name, String type, boolean optional) {}
