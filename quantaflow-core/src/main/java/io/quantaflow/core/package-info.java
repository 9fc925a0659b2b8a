/** The carry rule, exact rates, window error, time, admission, schedules, tables and pools. */
package io.quantaflow.core;
