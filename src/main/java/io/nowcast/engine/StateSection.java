package io.nowcast.engine;

import java.util.function.Function;

/**
 * The sections of format 3, one per part of {@link KeyState}: each with its id and the part that
 * owns its payload's bytes. Later work adds a part as a new section (a new id) or changes a payload
 * under a new section version; see {@code docs/state-format.md} for the rules.
 */
enum StateSection {
  PROGRESS(1, "progress", state -> state.progress),
  RECURRENT(2, "recurrent state", state -> state.recurrent),
  NORMALISATION(3, "normalisation", state -> state.normalisation),
  RING(4, "observation ring", state -> state.ring),
  PENDING(5, "pending forecast", state -> state.pending),
  ACCURACY(6, "accuracy window", state -> state.accuracy),
  INTERVALS(7, "interval scales", state -> state.intervals);

  /** The payload version of every section this build writes; each reads exactly its own. */
  static final int VERSION = 1;

  private static final StateSection[] BY_ID = byId();

  final int id;
  final String label;
  private final Function<KeyState, StatePart> part;

  StateSection(int id, String label, Function<KeyState, StatePart> part) {
    this.id = id;
    this.label = label;
    this.part = part;
  }

  /** The part of {@code state} this section holds. */
  StatePart of(KeyState state) {
    return part.apply(state);
  }

  /** The section with {@code id}, or null if this build does not know it. */
  static StateSection withId(int id) {
    return id < BY_ID.length ? BY_ID[id] : null;
  }

  private static StateSection[] byId() {
    StateSection[] sections = new StateSection[values().length + 1];
    for (StateSection section : values()) {
      sections[section.id] = section;
    }
    return sections;
  }
}
