package io.nowcast.features;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the feature pipeline feeds the network, as stored in every ModelSnapshot's {@code features}
 * field. The grammar (see {@code docs/features.md}) is a comma-separated list of terms, {@code
 * value} first, each other term at most once, in any order:
 *
 * <pre>
 *   value[,norm=ew(H)|norm=none|norm=fixed(M,S)][,target=level|target=delta][,diff][,dt][,gap]
 *        [,calendar=hour+dow[@Zone]][,cov=a+b]
 * </pre>
 *
 * {@link #toString()} prints the canonical form (terms in the order above, the defaults {@code
 * norm=ew(1000)}, {@code target=level} and the UTC zone left out), which is also the order of the
 * inputs in the vector ({@code target} adds no input: it only changes what the outputs mean).
 * {@code parse(spec.toString()).equals(spec)} holds for every spec.
 *
 * @param normalisation how the value (and covariates) are normalised
 * @param deltaTarget whether the network forecasts the change from the last value ({@code
 *     target=delta}: (y[t+k] − y[t]) / scale, so a zero output repeats the last value) rather than
 *     the normalised level ({@code target=level}, the default)
 * @param difference whether the first-difference input is present ({@code diff}: (y[t] − y[t−1]) /
 *     scale, 0 for a key's first reading)
 * @param deltaTime whether the Δt input is present
 * @param gapFlag whether the missing-reading flag is present
 * @param calendar the calendar terms, or {@code null} for none
 * @param covariates covariate names in input order (unique; empty for none)
 */
public record FeatureSpec(
    Normalisation normalisation,
    boolean deltaTarget,
    boolean difference,
    boolean deltaTime,
    boolean gapFlag,
    CalendarTerms calendar,
    List<String> covariates) {

  /** The spec of models that declare nothing: the normalised value alone. */
  public static final FeatureSpec DEFAULT =
      new FeatureSpec(Normalisation.DEFAULT, false, false, false, false, null, List.of());

  private static final Pattern COVARIATE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
  private static final Pattern EW = Pattern.compile("ew\\(([^,()]+)\\)");
  private static final Pattern FIXED = Pattern.compile("fixed\\(([^,()]+),([^,()]+)\\)");

  public FeatureSpec {
    if (normalisation == null) {
      throw new IllegalArgumentException("normalisation is required");
    }
    covariates = checkedCovariates(covariates);
  }

  private static List<String> checkedCovariates(List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!COVARIATE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "cov: covariate name '" + name + "' must match " + COVARIATE_NAME.pattern());
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("cov: covariate '" + name + "' is listed twice");
      }
    }
    return List.copyOf(names);
  }

  /**
   * Width of the input vector: value, then difference, Δt, gap flag, calendar sin/cos, (value,
   * missing) per covariate.
   */
  public int inputSize() {
    int calendarWidth = calendar == null ? 0 : calendar.width();
    return 1
        + (difference ? 1 : 0)
        + (deltaTime ? 1 : 0)
        + (gapFlag ? 1 : 0)
        + calendarWidth
        + 2 * covariates.size();
  }

  /**
   * Parses a spec string.
   *
   * @throws IllegalArgumentException naming the offending term and what was expected
   */
  public static FeatureSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "feature spec: expected at least the term 'value', got an empty spec");
    }
    List<String> terms = splitTerms(text);
    if (!terms.get(0).equals("value")) {
      throw new IllegalArgumentException(
          "feature spec '"
              + text
              + "': the first term must be 'value', got '"
              + terms.get(0)
              + "'");
    }
    Builder builder = new Builder();
    Set<String> seen = new HashSet<>();
    for (String term : terms.subList(1, terms.size())) {
      String head = term.contains("=") ? term.substring(0, term.indexOf('=')) : term;
      if (!seen.add(head)) {
        throw new IllegalArgumentException(
            "feature spec '" + text + "': term '" + head + "' appears twice");
      }
      builder.add(term);
    }
    return builder.build();
  }

  /** Splits at commas outside parentheses, so that {@code norm=fixed(m,s)} stays one term. */
  private static List<String> splitTerms(String text) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i == text.length() ? ',' : text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        terms.add(text.substring(start, i).trim());
        start = i + 1;
      }
    }
    return terms;
  }

  /** Accumulates terms during {@link #parse}. */
  private static final class Builder {
    private Normalisation normalisation = Normalisation.DEFAULT;
    private boolean deltaTarget;
    private boolean difference;
    private boolean deltaTime;
    private boolean gapFlag;
    private CalendarTerms calendar;
    private List<String> covariates = List.of();

    void add(String term) {
      if (term.equals("diff")) {
        difference = true;
      } else if (term.equals("dt")) {
        deltaTime = true;
      } else if (term.equals("gap")) {
        gapFlag = true;
      } else if (term.startsWith("norm=")) {
        normalisation = parseNorm(term);
      } else if (term.startsWith("target=")) {
        deltaTarget = parseTarget(term);
      } else if (term.startsWith("calendar=")) {
        calendar = parseCalendar(term);
      } else if (term.startsWith("cov=")) {
        covariates = parseCovariates(term);
      } else {
        throw new IllegalArgumentException(
            "feature spec: unknown term '"
                + term
                + "'; expected one of value, norm=..., target=..., diff, dt, gap, calendar=..., cov=...");
      }
    }

    FeatureSpec build() {
      return new FeatureSpec(
          normalisation, deltaTarget, difference, deltaTime, gapFlag, calendar, covariates);
    }
  }

  private static Normalisation parseNorm(String term) {
    String body = term.substring("norm=".length());
    Matcher ew = EW.matcher(body);
    Matcher fixed = FIXED.matcher(body);
    if (body.equals("none")) {
      return Normalisation.none();
    } else if (ew.matches()) {
      return Normalisation.ew(number(term, ew.group(1)));
    } else if (fixed.matches()) {
      return Normalisation.fixed(number(term, fixed.group(1)), number(term, fixed.group(2)));
    }
    throw new IllegalArgumentException(
        "feature spec: term '"
            + term
            + "' must be norm=ew(halflife), norm=none or norm=fixed(mean,std)");
  }

  /** {@code target=delta} → true, {@code target=level} → false. */
  private static boolean parseTarget(String term) {
    String body = term.substring("target=".length());
    if (body.equals("delta")) {
      return true;
    } else if (body.equals("level")) {
      return false;
    }
    throw new IllegalArgumentException(
        "feature spec: term '"
            + term
            + "' must be target=level or target=delta, got '"
            + body
            + "'");
  }

  private static double number(String term, String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "feature spec: term '" + term + "': '" + text + "' is not a number", e);
    }
  }

  private static CalendarTerms parseCalendar(String term) {
    String body = term.substring("calendar=".length());
    ZoneId zone = ZoneOffset.UTC;
    int at = body.indexOf('@');
    if (at >= 0) {
      zone = parseZone(term, body.substring(at + 1));
      body = body.substring(0, at);
    }
    boolean hour = false;
    boolean dow = false;
    for (String part : body.split("\\+", -1)) {
      if (part.equals("hour") && !hour) {
        hour = true;
      } else if (part.equals("dow") && !dow) {
        dow = true;
      } else {
        throw new IllegalArgumentException(
            "feature spec: term '"
                + term
                + "': expected 'hour', 'dow' or 'hour+dow' (each once), got '"
                + part
                + "'");
      }
    }
    return new CalendarTerms(hour, dow, zone);
  }

  private static ZoneId parseZone(String term, String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "feature spec: term '" + term + "': unknown zone '" + id + "'", e);
    }
  }

  private static List<String> parseCovariates(String term) {
    String body = term.substring("cov=".length());
    try {
      return checkedCovariates(List.of(body.split("\\+", -1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("feature spec: term '" + term + "': " + e.getMessage(), e);
    }
  }

  /** The canonical spec string (see the class comment). */
  @Override
  public String toString() {
    StringBuilder spec = new StringBuilder("value");
    if (!normalisation.equals(Normalisation.DEFAULT)) {
      spec.append(',').append(normalisation);
    }
    if (deltaTarget) {
      spec.append(",target=delta");
    }
    if (difference) {
      spec.append(",diff");
    }
    if (deltaTime) {
      spec.append(",dt");
    }
    if (gapFlag) {
      spec.append(",gap");
    }
    if (calendar != null) {
      spec.append(',').append(calendar);
    }
    if (!covariates.isEmpty()) {
      spec.append(",cov=").append(String.join("+", covariates));
    }
    return spec.toString();
  }
}
