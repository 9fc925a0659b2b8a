package io.quantaflow.sim.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;

/** The look every QuantaFlow chart shares: white background, grey grid, fixed palette. */
final class ChartStyle {

  /** Carry rule first, in a colour nothing else uses; the rest distinct from each other. */
  static final Color[] PALETTE = {
      new Color(0x1b9e77), new Color(0xd62728), new Color(0x9467bd), new Color(0xe377c2),
      new Color(0xff7f0e), new Color(0xbcbd22), new Color(0x8c564b), new Color(0x1f77b4),
      new Color(0x7f7f7f), new Color(0x17becf),
  };
  static final Color PLAN = Color.BLACK;
  static final Color BOUND = new Color(0xc00000);
  static final BasicStroke THICK = new BasicStroke(2.5f);
  static final BasicStroke THIN = new BasicStroke(1.3f);
  static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  private ChartStyle() {}

  static Color color(int index) {
    return PALETTE[index % PALETTE.length];
  }

  static JFreeChart apply(JFreeChart chart, String subtitle) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    if (subtitle != null) {
      chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    }
    Plot plot = chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    if (plot instanceof XYPlot) {
      XYPlot xy = (XYPlot) plot;
      xy.setDomainGridlinePaint(new Color(0xdddddd));
      xy.setRangeGridlinePaint(new Color(0xdddddd));
    } else if (plot instanceof CategoryPlot) {
      ((CategoryPlot) plot).setRangeGridlinePaint(new Color(0xdddddd));
    }
    return chart;
  }
}
