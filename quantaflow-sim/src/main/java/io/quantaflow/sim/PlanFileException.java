package io.quantaflow.sim;

/** A plan file that cannot be read, or that holds a value that is not a plan. */
public final class PlanFileException extends BadInputException {

  private static final long serialVersionUID = 1L;

  public PlanFileException(String message) {
    super(message);
  }

  public PlanFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
