package io.quantaflow.sim;

/**
 * Input the simulator cannot use: a file it cannot read, a value or row it cannot parse.
 * The message names the file, the line and the value and is meant to be shown to a user
 * as it is; the command line turns it into exit code 2.
 */
public class BadInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
