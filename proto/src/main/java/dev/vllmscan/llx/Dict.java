package dev.vllmscan.llx;

/**
 * A JSON-like tree (null, Boolean, Long, Double, String, List, Map) typed as llx {@code dict}. Wrapping
 * keeps a dict distinct from a typed map or array when values are encoded.
 */
public record Dict(Object value) {}
