package io.quantaflow.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quantaflow.sim.BadInputException;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TraceReaderTest {

  private static List<TraceRequest> read(String csv, TraceFormat format) {
    List<TraceRequest> requests = new ArrayList<>();
    try (TraceReader reader = TraceReader.of("t.csv",
        new BufferedReader(new StringReader(csv)), format)) {
      while (reader.hasNext()) {
        requests.add(reader.next());
      }
    }
    return requests;
  }

  @Test
  void next_nasaStyleSeconds_detectsTimeColumnAndUnit() {
    List<TraceRequest> requests = read(
        "time_s,tenant,method\n804571201,tenant-0001,GET\n\n804571206,tenant-0002,GET\n",
        TraceFormat.detect());

    assertThat(requests).containsExactly(
        new TraceRequest(2, 804_571_201_000_000_000L, "tenant-0001", 1),
        new TraceRequest(4, 804_571_206_000_000_000L, "tenant-0002", 1));
  }

  @Test
  void next_millisIsoAndCost_areRead() {
    List<TraceRequest> millis = read("time_ms,tenant,cost\n1500.5,a,3\n",
        TraceFormat.detect());
    List<TraceRequest> iso = read("timestamp,tenant\n1995-07-01T00:00:01Z,a\n"
        + "1995-07-01T00:00:02.5,b\n", TraceFormat.detect());
    List<TraceRequest> named = read("when,who,weight\n2,x,4\n",
        new TraceFormat("when", TimeUnit.MILLIS, "who", "weight"));

    assertThat(millis).containsExactly(new TraceRequest(2, 1_500_500_000L, "a", 3));
    assertThat(iso).extracting(TraceRequest::timeNanos)
        .containsExactly(804_556_801_000_000_000L, 804_556_802_500_000_000L);
    assertThat(named).containsExactly(new TraceRequest(2, 2_000_000L, "x", 4));
  }

  @Test
  void next_quotedFields_keepTheirCommas() {
    List<TraceRequest> requests = read("time,tenant\n1,\"acme, inc\"\n2,\"say \"\"hi\"\"\"\n",
        TraceFormat.detect());

    assertThat(requests).extracting(TraceRequest::tenant)
        .containsExactly("acme, inc", "say \"hi\"");
  }

  @Test
  void next_malformedRows_nameTheLine() {
    TraceFormat detect = TraceFormat.detect();

    assertThatThrownBy(() -> read("time_s,tenant\n1,a\n2,b\nsoon,c\n", detect))
        .isInstanceOf(BadInputException.class)
        .hasMessage("trace t.csv line 4: column time_s: time \"soon\" is not a number of "
            + "seconds");
    assertThatThrownBy(() -> read("time_s,tenant\n1,a\n2\n", detect))
        .hasMessage("trace t.csv line 3: expected at least 2 fields, found 1");
    assertThatThrownBy(() -> read("time_s,tenant,cost\n1,a,0\n", detect))
        .hasMessage("trace t.csv line 2: cost must be a whole number >= 1 (got \"0\")");
    assertThatThrownBy(() -> read("time_s,tenant\n1,\n", detect))
        .hasMessage("trace t.csv line 2: the tenant is empty");
    assertThatThrownBy(() -> read("timestamp,tenant\n1995-07-01,a\n", detect))
        .hasMessageStartingWith("trace t.csv line 2: column timestamp: time \"1995-07-01\" "
            + "is not an ISO-8601 timestamp");
  }

  @Test
  void open_headerWithoutColumns_namesWhatIsMissing() {
    assertThatThrownBy(() -> read("", TraceFormat.detect()))
        .hasMessage("trace t.csv line 1: the file is empty; the first line must name the "
            + "columns");
    assertThatThrownBy(() -> read("when,tenant\n", TraceFormat.detect()))
        .hasMessageStartingWith("trace t.csv line 1: no time column");
    assertThatThrownBy(() -> read("time,client\n", TraceFormat.detect()))
        .hasMessage("trace t.csv line 1: no tenant column \"tenant\" (columns: time, client)");
  }
}
