package io.nowcast.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FeatureSpecTest {

  @Test
  void plainValueIsTheDefaultSpec() {
    FeatureSpec spec = FeatureSpec.parse("value");

    assertEquals(FeatureSpec.DEFAULT, spec);
    assertEquals("value", spec.toString());
    assertEquals(1, spec.inputSize());
    assertEquals(Normalisation.ew(1000), spec.normalisation());
  }

  @Test
  void everyTermParsesInAnyOrderAndPrintsCanonically() {
    FeatureSpec spec =
        FeatureSpec.parse(
            "value, cov=temp+load ,calendar=dow+hour@Europe/Berlin,gap,target=delta,dt,diff,norm=fixed(1.50,2)");

    assertEquals(
        "value,norm=fixed(1.5,2),target=delta,diff,dt,gap,calendar=hour+dow@Europe/Berlin,cov=temp+load",
        spec.toString());
    assertTrue(spec.deltaTarget());
    assertEquals(List.of("temp", "load"), spec.covariates());
    assertEquals(new CalendarTerms(true, true, ZoneId.of("Europe/Berlin")), spec.calendar());
    assertEquals(1 + 1 + 1 + 1 + 4 + 2 * 2, spec.inputSize());
  }

  @Test
  void defaultNormalisationAndUtcAreLeftOutOfTheCanonicalForm() {
    FeatureSpec spec = FeatureSpec.parse("value,norm=ew(1000.0),target=level,calendar=hour@UTC");

    assertEquals("value,calendar=hour", spec.toString());
    assertEquals(FeatureSpec.parse("value,calendar=hour@Z"), spec);
    assertEquals(3, spec.inputSize());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "dt,value | 'value'",
        "value,dt,dt | 'dt'",
        "value,norm=ew(0) | half-life",
        "value,norm=ew(x) | 'norm=ew(x)'",
        "value,norm=fixed(1,0) | std",
        "value,norm=median | 'norm=median'",
        "value,calendar=week | 'calendar=week'",
        "value,calendar=hour+hour | 'calendar=hour+hour'",
        "value,calendar=hour@Mars/Base | 'Mars/Base'",
        "value,cov=a+a | 'a'",
        "value,cov=a b | 'a b'",
        "value,cov= | 'cov='",
        "value,frobnicate | 'frobnicate'",
        "value,target=diff | 'target=diff'",
        "value,target=delta,target=level | 'target'",
      })
  void parseErrorsNameTheTerm(String spec, String expectedInMessage) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse(spec));

    assertTrue(e.getMessage().contains(expectedInMessage), () -> "message: " + e.getMessage());
  }

  @Test
  void emptySpecIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse(" "));

    assertTrue(e.getMessage().contains("value"), e.getMessage());
  }

  /** A property over 300 random specs; each case is reproducible from its seed. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void canonicalFormRoundTrips(long seed) {
    FeatureSpec spec = randomSpec(new SplittableRandom(seed));

    FeatureSpec reparsed = FeatureSpec.parse(spec.toString());

    assertEquals(spec, reparsed, () -> "seed " + seed + ": " + spec);
  }

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  private static FeatureSpec randomSpec(SplittableRandom random) {
    return new FeatureSpec(
        randomNormalisation(random),
        random.nextBoolean(),
        random.nextBoolean(),
        random.nextBoolean(),
        random.nextBoolean(),
        randomCalendar(random),
        randomCovariates(random));
  }

  private static Normalisation randomNormalisation(SplittableRandom random) {
    switch (random.nextInt(3)) {
      case 0:
        return Normalisation.ew(positiveDouble(random));
      case 1:
        return Normalisation.none();
      default:
        double mean =
            random.nextInt(3) == 0 ? 0.0 : positiveDouble(random) * (random.nextBoolean() ? 1 : -1);
        return Normalisation.fixed(mean, positiveDouble(random));
    }
  }

  /**
   * Any positive finite double, drawn uniformly over its bit patterns so every exponent shows up.
   */
  private static double positiveDouble(SplittableRandom random) {
    return Double.longBitsToDouble(
        random.nextLong(
            Double.doubleToLongBits(Double.MIN_NORMAL), Double.doubleToLongBits(Double.MAX_VALUE)));
  }

  private static CalendarTerms randomCalendar(SplittableRandom random) {
    boolean hour = random.nextBoolean();
    boolean dayOfWeek = random.nextBoolean();
    if (random.nextInt(10) < 3 || !(hour || dayOfWeek)) {
      return null;
    }
    ZoneId[] zones = {
      ZoneOffset.UTC,
      ZoneId.of("Europe/Berlin"),
      ZoneId.of("America/New_York"),
      ZoneOffset.ofHours(5)
    };
    return new CalendarTerms(hour, dayOfWeek, zones[random.nextInt(zones.length)]);
  }

  private static List<String> randomCovariates(SplittableRandom random) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_.-";
    Set<String> names = new LinkedHashSet<>();
    int count = random.nextInt(5);
    while (names.size() < count) {
      StringBuilder name = new StringBuilder();
      int length = 1 + random.nextInt(8);
      for (int i = 0; i < length; i++) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      names.add(name.toString());
    }
    return new ArrayList<>(names);
  }
}
