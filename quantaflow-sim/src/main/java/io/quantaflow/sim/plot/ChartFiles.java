package io.quantaflow.sim.plot;

import io.quantaflow.sim.BadInputException;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.Document;

/**
 * Writes charts stacked one above the other into a single PNG or SVG file, chosen by the
 * file name's extension. JFreeChart draws them; Batik's SVGGraphics2D turns the drawing
 * into SVG, so both formats show exactly the same picture.
 */
public final class ChartFiles {

  static final int WIDTH_PIXELS = 1100;
  static final int CHART_HEIGHT_PIXELS = 420;

  private ChartFiles() {}

  /**
   * Checks that {@code file} ends in .png or .svg before a long run starts.
   *
   * @throws BadInputException naming the file and the accepted extensions
   */
  public static void checkFileName(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (!lower.endsWith(".png") && !lower.endsWith(".svg")) {
      throw new BadInputException(String.format(Locale.ROOT,
          "plot file must end in .png or .svg (got \"%s\")", file));
    }
  }

  /** Writes {@code charts}, stacked, to {@code file} (.png or .svg). */
  public static void write(Path file, List<JFreeChart> charts) throws IOException {
    checkFileName(file);
    int height = CHART_HEIGHT_PIXELS * charts.size();
    try {
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
        writeSvg(file, charts, height);
      } else {
        writePng(file, charts, height);
      }
    } catch (IOException e) {
      throw new BadInputException("cannot write plot file " + file + ": " + reason(e), e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException
        && ((java.nio.file.FileSystemException) e).getReason() != null) {
      return ((java.nio.file.FileSystemException) e).getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void writePng(Path file, List<JFreeChart> charts, int height)
      throws IOException {
    BufferedImage image = new BufferedImage(WIDTH_PIXELS, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g2 = image.createGraphics();
    g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    draw(g2, charts);
    g2.dispose();
    try (OutputStream out = Files.newOutputStream(file)) {
      ImageIO.write(image, "png", out);
    }
  }

  private static void writeSvg(Path file, List<JFreeChart> charts, int height)
      throws IOException {
    Document document;
    try {
      document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .getDOMImplementation().createDocument("http://www.w3.org/2000/svg", "svg", null);
    } catch (ParserConfigurationException e) {
      throw new IOException("no XML document builder: " + e.getMessage(), e);
    }
    SVGGraphics2D g2 = new SVGGraphics2D(document);
    g2.setSVGCanvasSize(new Dimension(WIDTH_PIXELS, height));
    draw(g2, charts);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      g2.stream(out, true);
    }
  }

  private static void draw(Graphics2D g2, List<JFreeChart> charts) {
    for (int i = 0; i < charts.size(); i++) {
      Rectangle2D area = new Rectangle2D.Double(
          0, (double) i * CHART_HEIGHT_PIXELS, WIDTH_PIXELS, CHART_HEIGHT_PIXELS);
      charts.get(i).draw(g2, area);
    }
  }
}
