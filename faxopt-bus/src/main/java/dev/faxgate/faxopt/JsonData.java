package dev.faxgate.faxopt;

import io.vertx.core.json.JsonObject;

/**
 * A value whose JSON form is the whole of it: equality, hash and printing follow {@link #toJson()}.
 * The options and results classes extend it so their JSON round trips are their identity.
 */
public abstract class JsonData {

  /** The JSON form: a fresh object the caller may keep or change. */
  public abstract JsonObject toJson();

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && toJson().equals(((JsonData) o).toJson());
  }

  @Override
  public final int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public final String toString() {
    return toJson().encode();
  }
}
