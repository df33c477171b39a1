package io.nowcast.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * What {@code nowcast backtest} prints: one summary line, or the JSON object of docs/backtest.md
 * (the contract fields first, then provenance).
 */
public final class BacktestSummary {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BacktestSummary() {}

  /** One line: errors and baselines, coverage, training effort and time. */
  public static String line(BacktestReport report) {
    return String.format(
        Locale.ROOT,
        "%s protocol, %d positions x %d steps: MSE %.4f MAE %.4f MASE %.3f | persistence MSE %.4f | seasonal naive "
            + "(%d) MSE %.4f | coverage %.3f width %.3f | %d epochs (best %d)%s | %.1f s",
        report.protocol().name(),
        report.positions(),
        report.horizon(),
        report.model().mse(),
        report.model().mae(),
        report.mase(),
        report.persistence().mse(),
        report.season(),
        report.seasonalNaive().mse(),
        report.model().coverage(),
        report.model().intervalWidth(),
        report.epochs(),
        report.bestEpoch(),
        report.ensemble() > 1 ? " | ensemble of " + report.ensemble() : "",
        report.seconds());
  }

  /** The JSON object, on one line. */
  public static String json(BacktestReport report) {
    ObjectNode root = JSON.createObjectNode();
    putMetrics(root, report.model());
    root.put("mase", report.mase());
    root.put("coverage", report.model().coverage());
    root.put("interval_width", report.model().intervalWidth());
    putSteps(root.putArray("per_step"), report);
    ObjectNode baselines = root.putObject("baselines");
    putMetrics(baselines.putObject("persistence"), report.persistence());
    ObjectNode seasonal = baselines.putObject("seasonal_naive");
    putMetrics(seasonal, report.seasonalNaive());
    seasonal.put("season", report.season());
    root.put("seconds", report.seconds());
    root.put("ensemble", report.ensemble());
    putProvenance(root, report);
    return root.toString();
  }

  private static void putSteps(ArrayNode steps, BacktestReport report) {
    for (BacktestReport.StepReport step : report.perStep()) {
      ObjectNode node = steps.addObject();
      node.put("step", step.step());
      putMetrics(node, step.model());
      node.put("mase", step.mase());
      node.put("coverage", step.model().coverage());
      node.put("interval_width", step.model().intervalWidth());
      putMetrics(node.putObject("persistence"), step.persistence());
      putMetrics(node.putObject("seasonal_naive"), step.seasonalNaive());
    }
  }

  private static void putProvenance(ObjectNode root, BacktestReport report) {
    Protocol protocol = report.protocol();
    root.put("protocol", protocol.name());
    root.put("horizon", report.horizon());
    root.put("rows", report.rows());
    root.put("positions", report.positions());
    ObjectNode splits = root.putObject("splits");
    splits.put("train_end", protocol.trainEnd());
    splits.put("validation_end", protocol.validationEnd());
    splits.put("test_end", protocol.testEnd());
    splits.put("scale_mean", protocol.scaleMean());
    splits.put("scale_std", protocol.scaleStd());
    root.put("model", report.modelSummary());
    root.put("epochs", report.epochs());
    root.put("best_epoch", report.bestEpoch());
    root.put("calibration", report.calibrationRule());
    ArrayNode shrinkage = root.putArray("shrinkage");
    report.shrinkage().forEach(shrinkage::add);
    putValidation(root.putObject("validation"), report.validation());
  }

  private static void putValidation(ObjectNode validation, BacktestReport.ValidationScore score) {
    validation.put("mse", score.mse());
    validation.put("persistence_mse", score.persistenceMse());
    ArrayNode mase = validation.putArray("mase_by_step");
    for (double value : score.maseByStep()) {
      mase.add(value);
    }
    validation.put("coverage", score.coverage());
    ArrayNode coverage = validation.putArray("coverage_by_step");
    for (double value : score.coverageByStep()) {
      coverage.add(value);
    }
  }

  private static void putMetrics(ObjectNode node, ErrorMetrics metrics) {
    node.put("mse", metrics.mse());
    node.put("mae", metrics.mae());
    node.put("rmse", metrics.rmse());
  }
}
