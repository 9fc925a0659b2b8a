package io.quantaflow.server;

/** A request the service cannot decide; the message names the field, the value and the rule. */
public final class InvalidRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message, null, false, false);
  }
}
