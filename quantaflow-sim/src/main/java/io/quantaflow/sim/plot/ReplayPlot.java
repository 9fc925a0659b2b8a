package io.quantaflow.sim.plot;

import io.quantaflow.sim.replay.AdmitAlgorithm;
import io.quantaflow.sim.replay.Replay;
import io.quantaflow.sim.replay.TenantOutcome;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The plot of {@code quantaflow replay}: what each admission algorithm did to the same
 * trace. Two charts: admitted and denied requests, stacked; and the requests that went
 * wrong (false throttles, over-admissions, window-bound violations), side by side.
 */
public final class ReplayPlot {

  private ReplayPlot() {}

  /** See {@link ChartFiles#checkFileName}. */
  public static void checkFileName(Path file) {
    ChartFiles.checkFileName(file);
  }

  /** Draws {@code replay}'s totals to {@code file}, .png or .svg. */
  public static void write(Path file, String subtitle, Replay replay) throws IOException {
    Map<AdmitAlgorithm, TenantOutcome> totals = replay.totals();
    String fullSubtitle = String.format(Locale.ROOT, "%s; %d requests, %d tenants",
        subtitle, replay.requests(), replay.tenantCount());
    ChartFiles.write(file, List.of(decisions(totals, fullSubtitle),
        mistakes(totals, fullSubtitle)));
  }

  private static JFreeChart decisions(Map<AdmitAlgorithm, TenantOutcome> totals,
      String subtitle) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<AdmitAlgorithm, TenantOutcome> entry : totals.entrySet()) {
      data.addValue(entry.getValue().admitted(), "admitted", entry.getKey().cliName());
      data.addValue(entry.getValue().denied(), "denied", entry.getKey().cliName());
    }
    StackedBarRenderer bars = new StackedBarRenderer();
    style(bars);
    bars.setSeriesPaint(0, new Color(0x1b9e77));
    bars.setSeriesPaint(1, new Color(0xbbbbbb));
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("algorithm"),
        new NumberAxis("requests"), bars);
    return ChartStyle.apply(new JFreeChart("Admitted and denied requests",
        JFreeChart.DEFAULT_TITLE_FONT, plot, true), subtitle);
  }

  private static JFreeChart mistakes(Map<AdmitAlgorithm, TenantOutcome> totals,
      String subtitle) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<AdmitAlgorithm, TenantOutcome> entry : totals.entrySet()) {
      String name = entry.getKey().cliName();
      data.addValue(entry.getValue().falseThrottles(), "false throttles", name);
      data.addValue(entry.getValue().overAdmissions(), "over-admissions (> plan + B + 1)",
          name);
      data.addValue(entry.getValue().boundViolations(),
          "bound violations (> plan + B + 1 - 1/q)", name);
    }
    BarRenderer bars = new BarRenderer();
    style(bars);
    bars.setSeriesPaint(0, new Color(0xff7f0e));
    bars.setSeriesPaint(1, new Color(0xd62728));
    bars.setSeriesPaint(2, new Color(0x9467bd));
    // The counts on the bars: a zero is the point of this chart, so it must be readable.
    bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator());
    bars.setDefaultItemLabelsVisible(true);
    NumberAxis requests = new NumberAxis("requests");
    requests.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("algorithm"), requests, bars);
    return ChartStyle.apply(new JFreeChart("Requests the limiter got wrong",
        JFreeChart.DEFAULT_TITLE_FONT, plot, true), subtitle);
  }

  private static void style(BarRenderer bars) {
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
  }
}
