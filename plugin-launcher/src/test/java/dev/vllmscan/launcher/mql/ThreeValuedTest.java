package dev.vllmscan.launcher.mql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The executor's three-valued logic as a table: each list function and operator over members that are known
 * true (T), known false (F) or unknown (U). Unknown results unless the known members already decide.
 */
class ThreeValuedTest {
  static final Unknown U = Unknown.of("POST /invocations: no answer within 10 s");

  /** Endpoints whose anonymousAccessible values are given by the letters (T, F, U) and whose category is openai. */
  static ExecutorTest.Fake endpoints(String letters) {
    ExecutorTest.Fake f = new ExecutorTest.Fake();
    for (int i = 0; i < letters.length(); i++) {
      Map<String, Object> ep = new HashMap<>();
      char c = letters.charAt(i);
      ep.put("anonymousAccessible", c == 'T' ? (Object) true : c == 'F' ? (Object) false : U);
      ep.put("present", c == 'U' ? U : (Object) true);
      ep.put("requiresAuth", c == 'U' ? (Object) true : (Object) (c == 'F'));
      ep.put("category", "openai");
      ep.put("path", "/r" + i);
      f.endpoints.add(ep);
    }
    return f;
  }

  static String show(Object v) {
    return v instanceof Unknown ? "U" : Boolean.TRUE.equals(v) ? "T" : Boolean.FALSE.equals(v) ? "F" : String.valueOf(v);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // members, all, any, none, one
        Arguments.of("TT", "T", "T", "F", "F"),
        Arguments.of("FF", "F", "F", "T", "F"),
        Arguments.of("TF", "F", "T", "F", "T"),
        Arguments.of("TU", "U", "T", "F", "U"),
        Arguments.of("FU", "F", "U", "U", "U"),
        Arguments.of("UU", "U", "U", "U", "U"),
        Arguments.of("TTU", "U", "T", "F", "F"),
        Arguments.of("", "T", "F", "T", "F"));
  }

  @ParameterizedTest(name = "members [{0}] all={1} any={2} none={3} one={4}")
  @MethodSource("table")
  void quantifiersDecideOnlyWhenKnownMembersDo(String members, String all, String any, String none, String one) {
    ExecutorTest.Fake f = endpoints(members);
    assertEquals(all, show(ExecutorTest.eval(f, "vllm.endpoints.all(anonymousAccessible == true)")), "all");
    assertEquals(any, show(ExecutorTest.eval(f, "vllm.endpoints.any(anonymousAccessible == true)")), "any");
    assertEquals(none, show(ExecutorTest.eval(f, "vllm.endpoints.none(anonymousAccessible == true)")), "none");
    assertEquals(one, show(ExecutorTest.eval(f, "vllm.endpoints.one(anonymousAccessible == true)")), "one");
  }

  static Stream<Arguments> operators() {
    return Stream.of(
        Arguments.of("vllm.server.docsExposed == true", "U"),
        Arguments.of("vllm.server.docsExposed != true", "U"),
        Arguments.of("!vllm.server.docsExposed", "U"),
        Arguments.of("vllm.server.docsExposed == false || vllm.server.apiKeyRequired == true", "T"),
        Arguments.of("vllm.server.docsExposed == false || vllm.server.apiKeyRequired == false", "U"),
        Arguments.of("vllm.server.docsExposed == false && vllm.server.apiKeyRequired == false", "F"),
        Arguments.of("vllm.server.docsExposed == false && vllm.server.apiKeyRequired == true", "U"),
        Arguments.of("vllm.server.version.contains(\"0.11\")", "U"),
        Arguments.of("vllm.server.version.in([\"0.11.0\"])", "U"),
        Arguments.of("vllm.server.guardedPrefixes.length == 2", "U"),
        Arguments.of("vllm.server.guardedPrefixes.contains(\"/v1\")", "U"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("operators")
  void operatorsOverAnUnknownAreUnknownUnlessTheOtherSideDecides(String query, String expected) {
    ExecutorTest.Fake f = new ExecutorTest.Fake();
    f.server.put("docsExposed", U);
    f.server.put("apiKeyRequired", true);
    f.server.put("version", U);
    f.server.put("guardedPrefixes", U);
    assertEquals(expected, show(ExecutorTest.eval(f, query)));
  }

  @ParameterizedTest(name = "where over [{0}]: all(requiresAuth) = {1}, == empty = {2}, length = {3}")
  @MethodSource("whereTable")
  void anUnsureWhereKeepsItsMaybeMembersApart(String members, String allAuth, String isEmpty, String length) {
    ExecutorTest.Fake f = endpoints(members);
    String where = "vllm.endpoints.where(category == \"openai\" && present == true)";
    assertEquals(allAuth, show(ExecutorTest.eval(f, where + ".all(requiresAuth == true)")));
    assertEquals(isEmpty, show(ExecutorTest.eval(f, where + " == empty")));
    assertEquals(length, show(ExecutorTest.eval(f, where + ".length")));
  }

  static Stream<Arguments> whereTable() {
    return Stream.of(
        // U rows: present unknown but requiresAuth true (a key wall without a key): all() still holds.
        Arguments.of("UU", "T", "U", "U"),
        // A sure open row decides all() and == empty whatever the unsure rows are.
        Arguments.of("TU", "F", "F", "U"),
        Arguments.of("FF", "T", "F", "2"));
  }

  @org.junit.jupiter.api.Test
  void theReasonOfAnUnknownTravelsToTheResult() {
    Object v = ExecutorTest.eval(endpoints("FU"), "vllm.endpoints.none(anonymousAccessible == true)");
    assertTrue(v instanceof Unknown u && u.message().equals("POST /invocations: no answer within 10 s"), String.valueOf(v));
  }

  @ParameterizedTest(name = "evidence for members [{0}]")
  @MethodSource("table")
  void aFailingQuantifierNamesTheElementsThatFailedIt(String members) {
    ExecutorTest.Fake f = endpoints(members);
    Trace trace = new Trace();
    Object v;
    try (Executor e = new Executor(ExecutorTest.SCHEMA, f)) {
      v = e.eval(Query.compile("vllm.endpoints.none(anonymousAccessible == true)", ExecutorTest.SCHEMA).expr(), trace);
    }
    long open = members.chars().filter(c -> c == 'T').count();
    if (Boolean.FALSE.equals(v)) assertEquals(open, trace.offending().size(), "every open route is named");
    assertEquals(List.of(), trace.reads().stream().filter(r -> r.ref().name().equals("vllm.endpoint")).toList(),
        "reads inside the predicate are not evidence of their own");
  }

  @org.junit.jupiter.api.Test
  void aStarBlockProjectsEveryFieldOfTheResourceLazily() {
    ExecutorTest.Fake f = new ExecutorTest.Fake();
    f.server.put("docsExposed", U);
    f.server.put("version", "0.11.0");
    Object v = ExecutorTest.eval(f, "vllm.server { * }");
    Executor.Projection p = (Executor.Projection) v;
    assertEquals(ExecutorTest.SCHEMA.resource("vllm.server").fields().keySet(), p.fields().keySet());
    assertEquals("0.11.0", p.fields().get("version"));
    assertEquals(U, p.fields().get("docsExposed"), "an unknown stays unknown inside a projection");
    assertTrue(p.fields().get("apiKeyAccepted") instanceof Executor.ErrorValue, "a field that fails is shown as its error");
  }
}
