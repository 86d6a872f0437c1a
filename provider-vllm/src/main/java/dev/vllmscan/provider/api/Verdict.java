package dev.vllmscan.provider.api;

import dev.vllmscan.sdk.runtime.FieldError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A three-valued answer with what decided it: yes, no, or unknown with the reason. Unknown is never
 * collapsed into no; a host sees it as a field error that starts with {@code unknown:}, so a check that
 * rests on it ends in error rather than in a pass.
 */
public record Verdict(State state, List<String> evidence) {
  public enum State { YES, NO, UNKNOWN }

  /** How many unsettled items a reason names before it says "and N more". */
  static final int NAMED = 5;

  public Verdict {
    evidence = List.copyOf(evidence);
  }

  public static Verdict yes(String... evidence) {
    return new Verdict(State.YES, List.of(evidence));
  }

  public static Verdict no(String... evidence) {
    return new Verdict(State.NO, List.of(evidence));
  }

  public static Verdict unknown(String reason) {
    return new Verdict(State.UNKNOWN, List.of(reason));
  }

  public static Verdict of(boolean value, String... evidence) {
    return new Verdict(value ? State.YES : State.NO, List.of(evidence));
  }

  public static Verdict of(State state, List<String> evidence) {
    return new Verdict(state, evidence);
  }

  public boolean isYes() {
    return state == State.YES;
  }

  public boolean isNo() {
    return state == State.NO;
  }

  public boolean isUnknown() {
    return state == State.UNKNOWN;
  }

  /** The value for a host: true/false, or a field error {@code unknown: <reason>}. */
  public Boolean require() {
    if (state == State.UNKNOWN) throw FieldError.unknown(reason());
    return state == State.YES;
  }

  /** Nullable view for code that only needs "is it known to be true". */
  public Boolean orNull() {
    return state == State.UNKNOWN ? null : state == State.YES;
  }

  public String reason() {
    return String.join("; ", evidence);
  }

  public Verdict not() {
    return switch (state) {
      case YES -> new Verdict(State.NO, evidence);
      case NO -> new Verdict(State.YES, evidence);
      default -> this;
    };
  }

  /**
   * Kleene "any" over named members: yes as soon as one is yes (its evidence only); no only when every member
   * is no; otherwise unknown, naming the members that did not settle. An empty set is unknown: nothing was seen.
   */
  public static Verdict any(String what, Collection<Named> members) {
    List<String> yes = new ArrayList<>();
    List<String> no = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Named m : members) {
      switch (m.verdict().state) {
        case YES -> yes.add(m.name() + ": " + m.verdict().reason());
        case NO -> no.add(m.name() + ": " + m.verdict().reason());
        default -> unknown.add(m.name() + " (" + m.verdict().reason() + ")");
      }
    }
    if (!yes.isEmpty()) return new Verdict(State.YES, yes);
    if (members.isEmpty()) return unknown("no " + what + " was observed");
    if (unknown.isEmpty()) return new Verdict(State.NO, no);
    return unknown(unknown.size() + " of " + members.size() + " " + what + " did not settle: " + named(unknown));
  }

  /** Up to {@value #NAMED} items, then "and N more". */
  public static String named(List<String> items) {
    if (items.size() <= NAMED) return String.join(", ", items);
    return String.join(", ", items.subList(0, NAMED)) + " and " + (items.size() - NAMED) + " more";
  }

  /** One member of a roll-up: a route key or a signal name, and its verdict. */
  public record Named(String name, Verdict verdict) {}
}
