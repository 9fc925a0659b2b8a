package io.quantaflow.cli;

/** How a report is printed: a table for people, JSON or CSV for programs. */
enum OutputFormat {
  TABLE, JSON, CSV
}
