package io.quantaflow.sim.plot;

import io.quantaflow.sim.Comparison;
import io.quantaflow.sim.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plot of {@code quantaflow compare}: three charts, one above the other.
 *
 * <ol>
 *   <li>Cumulative plan and the tokens each algorithm minted, over ticks.
 *   <li>The worst window error so far, over ticks, log scale, with the bound 1 - 1/q.
 *   <li>The worst window error of each algorithm side by side, log scale, with the bound.
 * </ol>
 */
public final class ComparePlot {

  /** Values below this are drawn at it on the log axes (a log axis has no zero). */
  private static final double LOG_FLOOR_TOKENS = 1e-3;

  private ComparePlot() {}

  /** See {@link ChartFiles#checkFileName}. */
  public static void checkFileName(Path file) {
    ChartFiles.checkFileName(file);
  }

  /** Draws {@code comparison}, which must have kept its traces, to {@code file}. */
  public static void write(Path file, long q, String planName, Comparison comparison)
      throws IOException {
    String subtitle = String.format(Locale.ROOT, "%s, q = %d, %d ticks", planName, q,
        comparison.ticks());
    double boundTokens = (double) (q - 1) / q;
    ChartFiles.write(file, List.of(
        cumulative(comparison, subtitle),
        windowErrorOverTime(comparison, subtitle, boundTokens),
        windowErrorByAlgorithm(comparison, subtitle, boundTokens)));
  }

  private static JFreeChart cumulative(Comparison comparison, String subtitle) {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(xy("plan (exact)", comparison.plannedTokens(), false));
    for (Comparison.Trace trace : comparison.traces()) {
      data.addSeries(xy(trace.algorithm().cliName(), trace.mintedTokens(), false));
    }
    XYPlot plot = new XYPlot(data, tickAxis(), new NumberAxis("tokens (cumulative)"),
        lines(data.getSeriesCount(), true));
    return ChartStyle.apply(new JFreeChart("Cumulative plan and tokens minted",
        JFreeChart.DEFAULT_TITLE_FONT, plot, true), subtitle);
  }

  private static JFreeChart windowErrorOverTime(Comparison comparison, String subtitle,
      double boundTokens) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Comparison.Trace trace : comparison.traces()) {
      data.addSeries(xy(trace.algorithm().cliName(), trace.maxWindowErrorTokens(), true));
    }
    XYPlot plot = new XYPlot(data, tickAxis(), logAxis("worst window error so far (tokens)"),
        lines(data.getSeriesCount(), false));
    plot.addRangeMarker(boundMarker(boundTokens));
    return ChartStyle.apply(new JFreeChart("Worst sliding-window error over time",
        JFreeChart.DEFAULT_TITLE_FONT, plot, true), subtitle);
  }

  private static JFreeChart windowErrorByAlgorithm(Comparison comparison, String subtitle,
      double boundTokens) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Comparison.Outcome outcome : comparison.outcomes()) {
      double tokens = Double.parseDouble(outcome.maxWindowError());
      data.addValue(Math.max(LOG_FLOOR_TOKENS, tokens), "worst window error",
          outcome.algorithm().cliName());
    }
    CategoryAxis algorithms = new CategoryAxis("algorithm");
    algorithms.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    BarRenderer bars = new BarRenderer() {
      private static final long serialVersionUID = 1L;

      @Override
      public java.awt.Paint getItemPaint(int row, int column) {
        // Each algorithm's bar in the colour its line has in the charts above.
        return ChartStyle.color(column);
      }
    };
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    CategoryPlot plot = new CategoryPlot(data, algorithms,
        logAxis("worst window error (tokens)"), bars);
    plot.setOrientation(PlotOrientation.VERTICAL);
    plot.addRangeMarker(boundMarker(boundTokens));
    LegendItemCollection legend = new LegendItemCollection();
    for (int i = 0; i < data.getColumnCount(); i++) {
      legend.add(new LegendItem(data.getColumnKey(i).toString(), ChartStyle.color(i)));
    }
    legend.add(new LegendItem("bound 1 - 1/q", ChartStyle.BOUND));
    plot.setFixedLegendItems(legend);
    return ChartStyle.apply(new JFreeChart("Worst sliding-window error by algorithm",
        JFreeChart.DEFAULT_TITLE_FONT, plot, true), subtitle);
  }

  private static XYSeries xy(String name, Series series, boolean logScale) {
    XYSeries xy = new XYSeries(name, false, true);
    for (int i = 0; i < series.size(); i++) {
      double value = series.value(i);
      xy.add(series.tick(i), logScale ? Math.max(LOG_FLOOR_TOKENS, value) : value);
    }
    return xy;
  }

  private static NumberAxis tickAxis() {
    NumberAxis axis = new NumberAxis("time (ticks)");
    axis.setAutoRangeIncludesZero(true);
    return axis;
  }

  private static LogAxis logAxis(String label) {
    LogAxis axis = new LogAxis(label);
    axis.setSmallestValue(LOG_FLOOR_TOKENS);
    axis.setAutoRange(true);
    // One tick per decade: 0.01, 0.1, 1, 10, ...
    axis.setTickUnit(new NumberTickUnit(1.0), false, false);
    axis.setAutoTickUnitSelection(false, false);
    axis.setMinorTickCount(0);
    axis.setNumberFormatOverride(new java.text.DecimalFormat("0.###",
        java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
    return axis;
  }

  private static ValueMarker boundMarker(double boundTokens) {
    ValueMarker marker = new ValueMarker(boundTokens, ChartStyle.BOUND, ChartStyle.DASHED);
    marker.setLabel(String.format(Locale.ROOT, "bound 1 - 1/q = %.6f", boundTokens));
    marker.setLabelPaint(ChartStyle.BOUND);
    marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    return marker;
  }

  /** Lines without shapes; series 0 of a chart with a plan is the plan, black and thick. */
  private static XYLineAndShapeRenderer lines(int seriesCount, boolean firstIsPlan) {
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    // One path per series: a 2048-point series is one SVG element, not 2047.
    renderer.setDrawSeriesLineAsPath(true);
    for (int i = 0; i < seriesCount; i++) {
      int algorithmIndex = firstIsPlan ? i - 1 : i;
      if (firstIsPlan && i == 0) {
        renderer.setSeriesPaint(i, ChartStyle.PLAN);
        renderer.setSeriesStroke(i, ChartStyle.DASHED);
      } else {
        renderer.setSeriesPaint(i, ChartStyle.color(algorithmIndex));
        renderer.setSeriesStroke(i, algorithmIndex == 0 ? ChartStyle.THICK : ChartStyle.THIN);
      }
    }
    return renderer;
  }
}
