package dev.vllmscan.llx;

/**
 * llx type strings: one code byte, optionally followed by a child type or a resource name.
 * All codes are below 0x80, so a type stays valid UTF-8 inside a proto3 string.
 */
public final class Types {
  public static final String ANY = "\u0001";
  public static final String NIL = "\u0002";
  public static final String BOOL = "\u0004";
  public static final String INT = "\u0005";
  public static final String FLOAT = "\u0006";
  public static final String STRING = "\u0007";
  public static final String REGEX = "\u0008";
  public static final String TIME = "\u0009";
  public static final String DICT = "\n";
  public static final String SCORE = "\u000b";
  public static final String BLOCK = "\u000c";
  public static final String EMPTY = "\r";
  public static final String VERSION = "\u000e";
  public static final String IP = "\u000f";

  static final char ARRAY_CODE = 0x19;
  static final char MAP_CODE = 0x1a;
  static final char RESOURCE_CODE = 0x1b;

  private Types() {}

  public static String array(String child) {
    return ARRAY_CODE + child;
  }

  public static String map(String key, String value) {
    if (!key.equals(STRING) && !key.equals(INT)) {
      throw new IllegalArgumentException("map keys must be string or int");
    }
    return MAP_CODE + key + value;
  }

  public static String resource(String name) {
    return RESOURCE_CODE + name;
  }

  public static boolean isArray(String type) {
    return !type.isEmpty() && type.charAt(0) == ARRAY_CODE;
  }

  public static boolean isMap(String type) {
    return !type.isEmpty() && type.charAt(0) == MAP_CODE;
  }

  public static boolean isResource(String type) {
    return !type.isEmpty() && type.charAt(0) == RESOURCE_CODE;
  }

  /** Element type of an array type. */
  public static String child(String arrayType) {
    requirePrefix(arrayType, ARRAY_CODE);
    return arrayType.substring(1);
  }

  public static String mapKey(String mapType) {
    requirePrefix(mapType, MAP_CODE);
    return mapType.substring(1, 2);
  }

  public static String mapValue(String mapType) {
    requirePrefix(mapType, MAP_CODE);
    return mapType.substring(2);
  }

  public static String resourceName(String resourceType) {
    requirePrefix(resourceType, RESOURCE_CODE);
    return resourceType.substring(1);
  }

  /** Human label as MQL prints it: {@code []string}, {@code map[string]string}, {@code vllm.server}. */
  public static String label(String type) {
    if (type == null || type.isEmpty()) {
      return "unset";
    }
    if (isArray(type)) {
      return "[]" + label(child(type));
    }
    if (isMap(type)) {
      return "map[" + label(mapKey(type)) + "]" + label(mapValue(type));
    }
    if (isResource(type)) {
      return resourceName(type);
    }
    switch (type.charAt(0)) {
      case 1: return "any";
      case 2: return "null";
      case 4: return "bool";
      case 5: return "int";
      case 6: return "float";
      case 7: return "string";
      case 8: return "regex";
      case 9: return "time";
      case 10: return "dict";
      case 11: return "score";
      case 12: return "block";
      case 13: return "empty";
      case 14: return "version";
      case 15: return "ip";
      default: return "type(0x" + Integer.toHexString(type.charAt(0)) + ")";
    }
  }

  /** Inverse of {@link #label} for the names used in .lr files. */
  public static String parseLabel(String label) {
    String l = label.trim();
    if (l.startsWith("[]")) {
      return array(parseLabel(l.substring(2)));
    }
    if (l.startsWith("map[")) {
      int close = l.indexOf(']');
      return map(parseLabel(l.substring(4, close)), parseLabel(l.substring(close + 1)));
    }
    switch (l) {
      case "any": return ANY;
      case "bool": return BOOL;
      case "int": return INT;
      case "float": return FLOAT;
      case "string": return STRING;
      case "regex": return REGEX;
      case "time": return TIME;
      case "dict": return DICT;
      case "version": return VERSION;
      case "ip": return IP;
      default:
        if (l.isEmpty() || !Character.isLetter(l.charAt(0))) {
          throw new IllegalArgumentException("unknown type '" + label + "'");
        }
        return resource(l);
    }
  }

  private static void requirePrefix(String type, char code) {
    if (type == null || type.isEmpty() || type.charAt(0) != code) {
      throw new IllegalArgumentException("not a " + (int) code + " type: " + label(type));
    }
  }
}
